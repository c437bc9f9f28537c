//! "Mes communications" (help "Ajouter un utilisateur"'s tile: "Consultez vos communications
//! échangées avec les administrations"): the list, newest first with what the person has not opened
//! marked unread, and a page per message with its documents, its replies and the reply form. Every
//! action is a plain form; the reply form checks what is typed once the page has hydrated.

use super::{
    answer::{Loading, answer_view, failure},
    documents::download_path,
    espace::{EspacePage, espace_id, use_current_espace},
    flash::{flash_answer, page_flash, provide_island_flash, typed},
    form::{Mandatory, bind_value, refused_fields, shown_problem},
    title::PageTitle,
};
use crate::{
    api::messages::{KeepMessageDocument, ReplyToMessage, list_messages, open_message},
    domain::{
        document::Document,
        error::{Answer, Fault},
        message::{self, Message, MessageLine, REPLY_MAX},
        validation::FieldError,
    },
    i18n::*,
    text,
};
use leptos::{html, prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_params_map;

#[component]
pub fn CommunicationsPage() -> impl IntoView {
    let id = espace_id();
    let messages = Resource::new(move || id.get(), list_messages);
    view! { <EspacePage page=move || view! { <Communications messages/> }/> }
}

#[component]
fn Communications(messages: Resource<Result<Answer<Vec<MessageLine>>, Fault>>) -> impl IntoView {
    let i18n = use_i18n();
    let espace = use_current_espace().profile.id;
    let title = Signal::derive(move || t_string!(i18n, communications.title).to_string());
    view! {
        <PageTitle text=title/>
        <h1>{t!(i18n, communications.title)}</h1>
        <p class="intro">{t!(i18n, communications.intro)}</p>
        <Suspense fallback=Loading>
            {move || {
                let espace = espace.clone();
                messages.get().map(|answer| answer_view(answer, move |messages| view! { <List messages espace=espace.to_string()/> }))
            }}
        </Suspense>
    }
}

#[component]
fn List(messages: Vec<MessageLine>, espace: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    view! {
        <section class="sheet" aria-labelledby="heading-received">
            <h2 id="heading-received">{t!(i18n, communications.list)}</h2>
            {if messages.is_empty() {
                view! { <p class="empty">{t!(i18n, communications.none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="messages">
                        {messages.into_iter().map(|m| {
                            let href = format!("{}/{}", crate::paths::communications(&espace), m.id);
                            let (from, at, replies) = (m.from.clone(), m.sent_at, m.replies);
                            view! {
                                <li class:unread=m.unread>
                                    <a class="subject" href=href>{m.subject.clone()}</a>
                                    {m.unread.then(|| view! { <span class="badge">{t!(i18n, communications.unread)}</span> })}
                                    <p class="meta">
                                        <span>{move || t_string!(i18n, communications.from, from = from.clone(), date = text::date(locale(), at)).to_string()}</span>
                                        {m.about.map(|about| view! {
                                            <span>{move || t_string!(i18n, communications.about, reference = about.reference.clone()).to_string()}</span>
                                        })}
                                        {(replies > 0).then(|| view! {
                                            <span>{move || t_string!(i18n, communications.replies, count = replies).to_string()}</span>
                                        })}
                                    </p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// One message; opening it marks it read for the person.
#[component]
pub fn MessagePage() -> impl IntoView {
    let espace = espace_id();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("message_id").unwrap_or_default());
    let message = Resource::new(
        move || (espace.get(), id.get()),
        |(e, m)| open_message(e, m.into()),
    );
    view! {
        <EspacePage page=move || view! {
            <Suspense fallback=Loading>
                {move || message.get().map(|answer| answer_view(answer, |message| view! { <MessageView message/> }))}
            </Suspense>
        }/>
    }
}

#[component]
fn MessageView(message: Message) -> impl IntoView {
    let i18n = use_i18n();
    let espace = use_current_espace().profile.id;
    let locale = move || i18n.get_locale();
    let Message {
        line,
        body,
        replies_allowed,
        attachments,
        replies,
    } = message;
    let subject = line.subject.clone();
    let (from, at) = (line.from.clone(), line.sent_at);
    view! {
        <PageTitle text=subject.clone()/>
        <p class="back"><a href=crate::paths::communications(&espace)>{t!(i18n, communications.back)}</a></p>
        <article class="sheet message" aria-labelledby="heading-message">
            <h1 id="heading-message">{subject}</h1>
            <p class="meta">
                <span>{move || t_string!(i18n, communications.from, from = from.clone(), date = text::date_time(locale(), at)).to_string()}</span>
                {line.about.map(|about| {
                    let href = format!("{}/{}", crate::paths::procedures(&espace), about.procedure_id);
                    view! { <a href=href>{move || t_string!(i18n, communications.about, reference = about.reference.clone()).to_string()}</a> }
                })}
            </p>
            <div class="message-body">{body}</div>
        </article>
        {(!attachments.is_empty()).then(|| view! { <Attachments attachments espace=espace.to_string()/> })}
        {(!replies.is_empty()).then(|| view! {
            <section class="sheet" aria-labelledby="heading-answers">
                <h2 id="heading-answers">{t!(i18n, communications.answers)}</h2>
                <ul class="replies">
                    {replies.into_iter().map(|reply| {
                        let (by, at) = (reply.by.clone(), reply.at);
                        view! {
                            <li>
                                <p class="meta">{move || t_string!(i18n, communications.answered_by, name = by.clone(), date = text::date_time(locale(), at)).to_string()}</p>
                                <div class="message-body">{reply.body}</div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
        {if replies_allowed {
            view! { <ReplyForm espace_id=espace.to_string() message_id=line.id.to_string() flash=page_flash()/> }.into_any()
        } else {
            view! { <p class="note">{t!(i18n, communications.no_reply)}</p> }.into_any()
        }}
    }
}

/// The documents the message came with: each downloads by a plain link, and a plain form keeps
/// a copy in "Mes documents".
#[component]
fn Attachments(attachments: Vec<Document>, espace: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    let kept = flash_answer::<KeepMessageDocument>();
    let kept_name = match &kept {
        Some(Ok(Ok(document))) => Some(document.name.clone()),
        _ => None,
    };
    let trouble = failure(i18n.get_locale_untracked(), kept);
    let store = crate::paths::documents(&espace);
    view! {
        <section class="sheet" aria-labelledby="heading-attachments">
            <h2 id="heading-attachments">{t!(i18n, communications.attachments)}</h2>
            {kept_name.map(|name| view! {
                <p role="status" class="banner success">
                    <a href=store>{move || t_string!(i18n, communications.kept, name = name.clone()).to_string()}</a>
                </p>
            })}
            {trouble}
            <ul class="attachments">
                {attachments.into_iter().map(|document| {
                    let name = document.name.clone();
                    let (kind, size) = (document.kind, document.size);
                    view! {
                        <li>
                            <a href=download_path(&espace, document.id.as_str()) download="">{document.name.clone()}</a>
                            <span class="meta">{move || format!("{} · {}", kind.extension().to_uppercase(), text::size(locale(), size))}</span>
                            <form method="post" action=KeepMessageDocument::PATH class="inline-form">
                                <input type="hidden" name="espace_id" value=espace.clone()/>
                                <input type="hidden" name="document_id" value=document.id.to_string()/>
                                <button type="submit" class="secondary"
                                    aria-label=move || t_string!(i18n, communications.keep_named, name = name.clone()).to_string()>
                                    {t!(i18n, communications.keep)}
                                </button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// "Répondre": the reply is checked as typed by the rule the server applies; a refused one
/// comes back with what was typed.
#[island]
fn ReplyForm(
    espace_id: String,
    message_id: String,
    flash: Option<crate::domain::flash::Flash>,
) -> impl IntoView {
    provide_island_flash(flash);
    let i18n = use_i18n();
    let came_back = StoredValue::new(flash_answer::<ReplyToMessage>());
    let sent = matches!(came_back.get_value(), Some(Ok(Ok(()))));
    let body = RwSignal::new(typed::<ReplyToMessage>("body").unwrap_or_default());
    let body_ref = NodeRef::<html::Textarea>::new();
    bind_value(body_ref, body);
    let touched = RwSignal::new(false);
    let local_errors = move || match message::reply(&body.get()) {
        Ok(_) => Vec::new(),
        Err(problem) => vec![FieldError::new("body", problem)],
    };
    let problem = Signal::derive(move || {
        shown_problem(
            touched.get(),
            &local_errors(),
            &refused_fields(came_back.get_value()),
            "body",
        )
    });
    view! {
        <section class="sheet" aria-labelledby="heading-reply">
            <h2 id="heading-reply">{t!(i18n, communications.reply)}</h2>
            {sent.then(|| view! { <p role="status" class="banner success">{t!(i18n, communications.replied)}</p> })}
            {move || failure(i18n.get_locale(), came_back.get_value())}
            <form method="post" action=ReplyToMessage::PATH novalidate=true
                on:submit=move |ev| {
                    touched.set(true);
                    if !local_errors().is_empty() {
                        ev.prevent_default();
                    }
                }>
                <input type="hidden" name="espace_id" value=espace_id/>
                <input type="hidden" name="message_id" value=message_id/>
                <div class="field" class:invalid=move || problem.get().is_some()>
                    <label for="field-body">{t!(i18n, communications.reply_text)}<Mandatory/></label>
                    <p class="hint" id="field-body-hint">{t!(i18n, communications.reply_hint)}</p>
                    <textarea id="field-body" name="body" rows="6" required=true maxlength=REPLY_MAX
                        aria-invalid=move || problem.get().is_some().to_string()
                        aria-describedby="field-body-hint field-body-error"
                        node_ref=body_ref
                        on:input=move |ev| { touched.set(true); body.set(event_target_value(&ev)); }>
                        {body.get_untracked()}
                    </textarea>
                    <p class="field-error" id="field-body-error" aria-live="polite">
                        {move || problem.get().map(|p| text::problem(i18n.get_locale(), p))}
                    </p>
                </div>
                <div class="actions">
                    <button type="submit">{t!(i18n, communications.send_reply)}</button>
                </div>
            </form>
        </section>
    }
}
