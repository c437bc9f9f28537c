//! One procedure: its form in the procedure's language, checked as typed (the catalogue's rules)
//! and saved on its own a moment after each change; "Signer" for the roles that sign (the
//! server records the certificate and a digest of what is signed), then "Soumettre". Submitted,
//! it is a read-only summary with its reference, to print.
//!
//! Nothing typed is lost: every change is also kept in the browser's storage until the server
//! has it, so a reload or a network failure restores it and saves it again.

use super::principal_label;
use crate::domain::id::ProcedureId;
use crate::domain::timestamp::Timestamp;
use crate::{
    api::{
        documents::list_documents,
        procedures::{
            AttachNewDocument, ProcedurePdf, SaveProcedure, SignProcedure, SubmitProcedure,
            load_procedure, save_procedure,
        },
    },
    domain::{
        document::{Document, FileKind},
        error::{Answer, Fault},
        procedure::{
            Completeness, Content, Definition, FieldDef, FieldKind, Pdf, definition,
            lifecycle::{Procedure, ProcedureStatus},
            prefill::Origin,
        },
        role::Permission,
        validation::problem_of,
    },
    i18n::*,
    text,
    ui::{
        answer::{Loading, alert, answer_view, failure},
        documents::download_path,
        espace::{EspacePage, espace_id, use_current_espace},
        flash::{flash_answer, typed},
        form::{Mandatory, bind_control, refused_fields},
        title::PageTitle,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_params_map;

/// How long typing must pause before the form saves itself.
const AUTOSAVE_MS: u64 = 800;

#[component]
pub fn ProcedurePage() -> impl IntoView {
    let espace = espace_id();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("procedure_id").unwrap_or_default());
    let procedure = Resource::new(
        move || (espace.get(), id.get()),
        |(e, i)| load_procedure(e, i.into()),
    );
    let store = Resource::new(move || espace.get(), list_documents);
    view! { <EspacePage page=move || view! { <Loaded procedure store/> }/> }
}

#[component]
fn Loaded(
    procedure: Resource<Result<Answer<Procedure>, Fault>>,
    store: Resource<Result<Answer<Vec<Document>>, Fault>>,
) -> impl IntoView {
    view! {
        <Suspense fallback=Loading>
            {move || {
                // what the document fields may choose from; nothing when it cannot be read
                let store = store.get()?.ok().and_then(Result::ok).unwrap_or_default();
                procedure.get().map(|answer| answer_view(answer, move |procedure: Procedure| {
                    let store = store.clone();
                    match definition(&procedure.kind) {
                        Some(definition) => view! { <ProcedureView procedure definition store/> }.into_any(),
                        None => view! { <crate::ui::not_found::NotFound/> }.into_any(),
                    }
                }))
            }}
        </Suspense>
    }
}

#[component]
fn ProcedureView(
    procedure: Procedure,
    definition: &'static Definition,
    store: Vec<Document>,
) -> impl IntoView {
    let i18n = use_i18n();
    let espace = use_current_espace();
    let base = crate::paths::procedures(&espace.profile.id);
    let language = procedure.language;
    let title = definition.title.get(language).to_owned();
    let page_title = Signal::derive({
        let title = title.clone();
        move || title.clone()
    });
    let for_whom = procedure.for_principal.clone();
    view! {
        <PageTitle text=page_title/>
        <nav class="breadcrumb" aria-label=move || t_string!(i18n, procedures.breadcrumb).to_string()>
            <ol><li><a href=base>{t!(i18n, procedures.title)}</a></li><li aria-current="page">{title.clone()}</li></ol>
        </nav>
        <h1 lang=language.code()>{title}</h1>
        <p class="hint">
            {move || t_string!(i18n, procedures.language_fixed, language = language.endonym()).to_string()}
            {for_whom.map(|p| view! { " — " {move || principal_label(i18n, &p)} })}
        </p>
        <PdfLinks procedure=procedure.clone() espace_id=espace.profile.id.to_string()/>
        {match procedure.status.clone() {
            ProcedureStatus::Submitted { at } => view! { <Summary procedure definition espace_id=espace.profile.id.to_string() at/> }.into_any(),
            _ => view! { <Editor procedure store espace_id=espace.profile.id.to_string() flash=crate::ui::flash::page_flash() can_sign=espace.role.allows(Permission::SignProcedures)/> }.into_any(),
        }}
    }
}

/// The browser's copy of unsaved changes, by procedure.
fn kept_key(id: &ProcedureId) -> String {
    format!("espace.procedure.{id}")
}

/// Unsaved changes kept in the browser, with the version they were made on: replayed only over
/// that version, since a newer one means the server got them (a plain post, a save the page
/// load cut short) or someone else saved meanwhile.
#[derive(serde::Serialize, serde::Deserialize)]
struct Kept {
    from: i64,
    content: Content,
}

/// Keeps `content`, changed on version `from`, in the browser until the server has it.
fn keep(id: &ProcedureId, from: i64, content: Content) {
    if let Some(storage) = storage()
        && let Ok(json) = serde_json::to_string(&Kept { from, content })
    {
        let _ = storage.set_item(&kept_key(id), &json);
    }
}

fn storage() -> Option<web_sys::Storage> {
    #[cfg(feature = "hydrate")]
    {
        window().local_storage().ok().flatten()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

#[island]
fn Editor(
    procedure: Procedure,
    /// The eSpace's documents, which a document field may attach.
    store: Vec<Document>,
    espace_id: String,
    flash: Option<crate::domain::flash::Flash>,
    can_sign: bool,
) -> impl IntoView {
    crate::ui::flash::provide_island_flash(flash);
    let Some(definition) = definition(&procedure.kind) else {
        return ().into_any();
    };
    let i18n = use_i18n();
    let id = procedure.id.clone();
    let language = procedure.language;
    // a save posted without JavaScript came back: its problems, or, refused, what was typed
    let came_back = flash_answer::<SaveProcedure>();
    let mut content = procedure.content.clone();
    if matches!(came_back, Some(Ok(Err(_)) | Err(_))) {
        for field in &definition.fields {
            if let Some(value) = typed::<SaveProcedure>(&field.name) {
                content.insert(field.name.clone(), value);
            }
        }
    }
    let values = RwSignal::new(content);
    // the copies the procedure holds; a save that attaches one answers it
    let held = RwSignal::new(procedure.attachments.clone());
    let version = RwSignal::new(procedure.version);
    let last = RwSignal::new((procedure.updated_by.clone(), procedure.updated_at));
    let signature = RwSignal::new(procedure.signature.clone());
    let dirty = RwSignal::new(false);
    let touched = RwSignal::new(false);
    let server_problems = RwSignal::new(match &came_back {
        Some(Ok(Ok(saved))) => saved.problems.clone(),
        _ => Vec::new(),
    });
    let trouble = RwSignal::new(match came_back {
        Some(Ok(Err(refusal))) => Some(text::refusal(i18n.get_locale_untracked(), &refusal)),
        Some(Err(fault)) => Some(text::fault(i18n.get_locale_untracked(), &fault)),
        _ => None,
    });
    let generation = StoredValue::new(0u64);
    let local = move |completeness| definition.check(&values.get(), completeness).1;

    let save = Action::new({
        let (espace_id, id) = (espace_id.clone(), id.clone());
        move |content: &Content| {
            let (espace_id, id, content) = (espace_id.clone(), id.clone(), content.clone());
            let from = version.get_untracked();
            async move { save_procedure(espace_id, id, from, content).await }
        }
    });
    Effect::new({
        let id = id.clone();
        move |_| match save.value().get() {
            Some(Ok(Ok(saved))) => {
                version.set(saved.version);
                held.set(
                    saved
                        .attached
                        .iter()
                        .map(|(_, copy)| copy.clone())
                        .collect(),
                );
                // a field names the copy from now on, not the store's document it came from
                values.update(|v| {
                    for (field, copy) in &saved.attached {
                        v.insert(field.clone(), copy.id.to_string());
                    }
                });
                last.set((saved.by.clone(), saved.at));
                server_problems.set(saved.problems.clone());
                signature.set(None);
                trouble.set(None);
                // saved: the browser's copy is no longer needed, unless typing went on
                if !save.pending().get_untracked() && generation.get_value() == 0 {
                    dirty.set(false);
                    if let Some(storage) = storage() {
                        let _ = storage.remove_item(&kept_key(&id));
                    }
                } else {
                    // what was typed meanwhile now stands on the saved version
                    keep(&id, saved.version, values.get_untracked());
                }
            }
            Some(Ok(Err(refusal))) => trouble.set(Some(text::refusal(i18n.get_locale(), &refusal))),
            Some(Err(fault)) => trouble.set(Some(text::fault(i18n.get_locale(), &fault))),
            None => {}
        }
    });
    // a change: keep it in the browser at once, save it once typing pauses
    let changed = {
        let id = id.clone();
        move |name: String, value: String| {
            touched.set(true);
            dirty.set(true);
            values.update(|v| {
                v.insert(name, value);
            });
            keep(&id, version.get_untracked(), values.get_untracked());
            generation.update_value(|g| *g += 1);
            save_when_typing_pauses(generation, generation.get_value(), save, values);
        }
    };
    // changes the server never got (a reload, a lost connection) come back and are saved
    Effect::new({
        let id = id.clone();
        move |_| {
            let Some(storage) = storage() else { return };
            let Some(json) = storage.get_item(&kept_key(&id)).ok().flatten() else {
                return;
            };
            match serde_json::from_str::<Kept>(&json) {
                Ok(kept) if kept.from == version.get_untracked() => {
                    if kept.content != values.get_untracked() {
                        values.set(kept.content.clone());
                        dirty.set(true);
                        trouble.set(Some(t_string!(i18n, procedures.restored).to_string()));
                        save.dispatch(kept.content);
                    }
                }
                _ => {
                    let _ = storage.remove_item(&kept_key(&id));
                }
            }
        }
    });

    let signed = flash_answer::<SignProcedure>;
    let problem = move |name: &str| {
        let name = name.to_owned();
        Signal::derive(move || {
            touched
                .get()
                .then(|| problem_of(&local(Completeness::Draft), &name))
                .flatten()
                .or_else(|| problem_of(&server_problems.get(), &name))
                .or_else(|| {
                    // after a refused signature, what is missing
                    matches!(signed(), Some(Ok(Err(_))))
                        .then(|| problem_of(&local(Completeness::Complete), &name))
                        .flatten()
                })
        })
    };
    let complete = move || local(Completeness::Complete).is_empty();
    let locale = move || i18n.get_locale();
    let saved_line = move || {
        let (by, at) = last.get();
        if dirty.get() {
            t_string!(i18n, procedures.saving).to_string()
        } else {
            t_string!(
                i18n,
                procedures.saved_by,
                name = by,
                date = text::date_time(locale(), at)
            )
            .to_string()
        }
    };
    view! {
        {match procedure.status.clone() {
            ProcedureStatus::ToCorrect { comment } => Some(view! {
                <div class="banner error" role="note">
                    <strong>{t!(i18n, procedures.returned)}</strong>" "{comment}
                </div>
            }),
            _ => None,
        }}
        <p role="status" class="saved">{saved_line}</p>
        {move || trouble.get().map(alert)}
        // the form posts itself without JavaScript ("Enregistrer"); hydrated, it also saves
        // itself once typing pauses
        <form class="card procedure" lang=language.code() novalidate=true method="post"
            action=SaveProcedure::url() on:submit={
                move |ev| {
                    ev.prevent_default();
                    if !save.pending().get_untracked() {
                        generation.set_value(0);
                        save.dispatch(values.get_untracked());
                    }
                }
            }>
            <input type="hidden" name="espace_id" value=espace_id.clone()/>
            <input type="hidden" name="id" value=id.to_string()/>
            <input type="hidden" name="version" value=version.get_untracked() prop:value=move || version.get().to_string()/>
            {definition.fields.iter().map(|field| {
                let name = field.name.clone();
                let value = Signal::derive({
                    let name = name.clone();
                    move || values.with(|v| v.get(&name).cloned().unwrap_or_default())
                });
                let changed = changed.clone();
                let store = store.clone();
                let documents = Signal::derive(move || (held.get(), store.clone()));
                let prefilled = procedure.prefilled.get(&name).copied();
                view! { <Field field value problem=problem(&name) language prefilled documents espace_id=espace_id.clone() procedure_id=id.to_string() on_change=Callback::new(move |v: String| changed(name.clone(), v))/> }
            }).collect_view()}
            <div class="actions">
                <button type="submit" class="secondary" disabled=move || save.pending().get()>
                    {t!(i18n, common.save)}
                </button>
            </div>
        </form>
        {definition.document_fields().map(|field| view! {
            <form id=attach_form_id(field) method="post" action=AttachNewDocument::PATH enctype="multipart/form-data"></form>
        }).collect_view()}
        <section class="sheet" aria-labelledby="heading-signature">
            <h2 id="heading-signature">{t!(i18n, procedures.signature)}</h2>
            <p>{move || match signature.get() {
                Some(s) => t_string!(i18n, procedures.signed_by, name = s.signer, date = text::date_time(locale(), s.at)).to_string(),
                None => t_string!(i18n, procedures.not_signed).to_string(),
            }}</p>
            {move || failure(i18n.get_locale(), signed())}
            {move || failure(i18n.get_locale(), flash_answer::<SubmitProcedure>())}
            <div class="actions">
                {can_sign.then(|| view! {
                    <form method="post" action=SignProcedure::url()>
                        <input type="hidden" name="espace_id" value=espace_id.clone()/>
                        <input type="hidden" name="id" value=id.to_string()/>
                        <input type="hidden" name="version" value=version.get_untracked() prop:value=move || version.get().to_string()/>
                        <button type="submit" disabled=move || dirty.get() || signature.get().is_some()>
                            {t!(i18n, procedures.sign)}
                        </button>
                    </form>
                })}
                <form method="post" action=SubmitProcedure::url()>
                    <input type="hidden" name="espace_id" value=espace_id.clone()/>
                    <input type="hidden" name="id" value=id.to_string()/>
                    <button type="submit" disabled=move || dirty.get() || signature.get().is_none() || !complete()>
                        {t!(i18n, procedures.submit)}
                    </button>
                </form>
            </div>
            {(!can_sign).then(|| view! { <p class="hint">{t!(i18n, procedures.cannot_sign)}</p> })}
        </section>
    }.into_any()
}

type SaveAction = Action<Content, Result<Answer<crate::api::procedures::Saved>, Fault>>;

/// Saves `values` once typing has paused for [`AUTOSAVE_MS`] (change number `mine` is still the
/// last) and no save is under way: two saves at once would start from the same version, and
/// the second would be refused as a change made meanwhile.
fn save_when_typing_pauses(
    generation: StoredValue<u64>,
    mine: u64,
    save: SaveAction,
    values: RwSignal<Content>,
) {
    set_timeout(
        move || {
            if generation.get_value() != mine {
                return;
            }
            if save.pending().get_untracked() {
                save_when_typing_pauses(generation, mine, save, values);
            } else {
                generation.set_value(0);
                save.dispatch(values.get_untracked());
            }
        },
        std::time::Duration::from_millis(AUTOSAVE_MS),
    );
}

/// One field of the form, labelled in the procedure's language, its problem next to it.
#[component]
fn Field(
    field: &'static FieldDef,
    value: Signal<String>,
    problem: Signal<Option<crate::domain::validation::Problem>>,
    language: crate::domain::language::Language,
    /// Where its starting value came from, if it started with one.
    prefilled: Option<Origin>,
    /// For a document field: the copies the procedure holds, and the eSpace's documents.
    documents: Signal<(Vec<Document>, Vec<Document>)>,
    espace_id: String,
    procedure_id: String,
    on_change: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{}", field.name);
    // posted as `content[<field>]`, the map the server function reads
    let name = format!("content[{}]", field.name);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let prefilled_id = format!("{id}-prefilled");
    let described = [
        field.hint.is_some().then_some(hint_id.as_str()),
        prefilled.is_some().then_some(prefilled_id.as_str()),
        Some(error_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let invalid = move || problem.get().is_some().to_string();
    let input = move |ev| on_change.run(event_target_value(&ev));
    let (text, select, line) = (
        NodeRef::<leptos::html::Textarea>::new(),
        NodeRef::<leptos::html::Select>::new(),
        NodeRef::<leptos::html::Input>::new(),
    );
    let control = match &field.kind {
        FieldKind::Multiline { .. } => {
            bind_control(text, value, on_change);
            view! {
                <textarea id=id.clone() name=name.clone() rows="4" aria-invalid=invalid aria-describedby=described.clone()
                    node_ref=text on:input=input>{value.get_untracked()}</textarea>
            }.into_any()
        }
        FieldKind::Choice { choices } => {
            bind_control(select, value, on_change);
            view! {
            <select id=id.clone() name=name.clone() aria-invalid=invalid aria-describedby=described.clone()
                node_ref=select on:change=input>
                <option value="">{t!(i18n, procedures.choose)}</option>
                {choices.iter().map(|c| view! {
                    <option value=c.value.clone() selected=value.get_untracked() == c.value>{c.label.get(language).to_owned()}</option>
                }).collect_view()}
            </select>
            }.into_any()
        }
        FieldKind::Document => {
            bind_control(select, value, on_change);
            view! {
                <select id=id.clone() name=name.clone() aria-invalid=invalid aria-describedby=described.clone()
                    node_ref=select on:change=input>
                    <option value="">{t!(i18n, procedures.choose_document)}</option>
                    {move || {
                        let (held, store) = documents.get();
                        let chosen = value.get_untracked();
                        let held = held.into_iter().filter(|d| d.id == chosen).map(|d| {
                            let label = td_string!(text::locale_of(language), procedures.attached, name = d.name.clone()).to_string();
                            (d, label)
                        });
                        let store = store.into_iter().map(|d| {
                            let label = d.name.clone();
                            (d, label)
                        });
                        held.chain(store).map(|(d, label)| view! {
                            <option value=d.id.to_string() selected=d.id == chosen>{label}</option>
                        }).collect_view()
                    }}
                </select>
                <AttachNew field language espace_id=espace_id.clone() procedure_id=procedure_id.clone()/>
            }.into_any()
        }
        kind => {
            bind_control(line, value, on_change);
            let (kind_attr, mode) = match kind {
                FieldKind::Date => ("date", None),
                FieldKind::Email => ("email", None),
                FieldKind::Number { .. } | FieldKind::Postcode | FieldKind::PersonId => {
                    ("text", Some("numeric"))
                }
                _ => ("text", None),
            };
            view! {
                <input type=kind_attr inputmode=mode id=id.clone() name=name.clone()
                    aria-invalid=invalid aria-describedby=described.clone() node_ref=line
                    value=value.get_untracked() on:input=input/>
            }
            .into_any()
        }
    };
    view! {
        <div class="field" class:invalid=move || problem.get().is_some()>
            <label for=id>{field.label.get(language).to_owned()}{field.required.then(|| view! { <Mandatory/> })}</label>
            {field.hint.as_ref().map(|hint| view! { <p class="hint" id=hint_id>{hint.get(language).to_owned()}</p> })}
            {prefilled.map(|origin| view! {
                <p class="hint prefilled" id=prefilled_id>{move || t_string!(i18n, procedures.prefilled_from, source = text::origin(i18n.get_locale(), origin)).to_string()}</p>
            })}
            {control}
            <p class="field-error" id=error_id aria-live="polite">
                {move || problem.get().map(|p| text::problem(i18n.get_locale(), p))}
            </p>
        </div>
    }
}

/// A submitted procedure: read-only, in its language, with its reference and signature; the
/// browser prints this page as the summary.
#[component]
fn Summary(
    procedure: Procedure,
    definition: &'static Definition,
    espace_id: String,
    at: Timestamp,
) -> impl IntoView {
    let language = procedure.language;
    let locale = text::locale_of(language);
    let reference = procedure.reference.clone().unwrap_or_default();
    view! {
        <section class="card summary" lang=language.code() aria-labelledby="heading-summary">
            <h2 id="heading-summary">{td_string!(locale, procedures.summary_title, reference = reference.clone()).to_string()}</h2>
            <p>{td_string!(locale, procedures.submitted_on, date = text::date_time(locale, at)).to_string()}</p>
            <dl>
                {definition.fields.iter().map(|field| {
                    let value = procedure.content.get(&field.name).cloned().unwrap_or_default();
                    let shown = match procedure.attachment(&field.name) {
                        Some(document) => view! {
                            <a href=download_path(&espace_id, document.id.as_str()) download="">{document.name.clone()}</a>
                            <br/><span class="hint">{td_string!(locale, procedures.attachment_sha, name = document.name.clone(), sha256 = document.sha256.clone()).to_string()}</span>
                        }.into_any(),
                        None => definition.shown_value(field, &value, language).to_owned().into_any(),
                    };
                    view! { <dt>{field.label.get(language).to_owned()}</dt><dd>{shown}</dd> }
                }).collect_view()}
            </dl>
            {procedure.signature.clone().map(|s| view! {
                <p>{td_string!(locale, procedures.signed_by, name = s.signer, date = text::date_time(locale, s.at)).to_string()}</p>
                <p class="hint">{td_string!(locale, procedures.digest, digest = s.digest).to_string()}</p>
            })}
        </section>
        <PrintAction/>
    }
}

/// The procedure as PDF, written in its language (plain links): its form, drafts too, and once
/// submitted the receipt.
#[component]
fn PdfLinks(procedure: Procedure, espace_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let path = move |pdf: Pdf| {
        let query = format!("espace_id={espace_id}&id={}&pdf=", procedure.id);
        let which = match pdf {
            Pdf::Form => "form",
            Pdf::Receipt => "receipt",
        };
        format!("{}?{query}{which}", ProcedurePdf::PATH)
    };
    let submitted = matches!(procedure.status, ProcedureStatus::Submitted { .. });
    view! {
        <ul class="pdf-links no-print">
            <li><a href=path(Pdf::Form) download="">{t!(i18n, pdf.download_form)}</a></li>
            {submitted.then(|| view! {
                <li><a href=path(Pdf::Receipt) download="">{t!(i18n, pdf.download_receipt)}</a></li>
            })}
        </ul>
    }
}

/// Printing needs the script: until this island runs, it says how to print with the browser's
/// own command; once it runs, it is the button.
#[island]
fn PrintAction() -> impl IntoView {
    let i18n = use_i18n();
    let running = RwSignal::new(false);
    Effect::new(move |_| running.set(true));
    view! {
        <div class="actions no-print">
            {move || if running.get() {
                view! {
                    <button type="button" on:click=move |_| { let _ = window().print(); }>
                        {t!(i18n, procedures.print)}
                    </button>
                }.into_any()
            } else {
                view! { <p class="hint">{t!(i18n, procedures.print_hint)}</p> }.into_any()
            }}
        </div>
    }
}

/// The form a document field's new file posts to, apart from the procedure's own form (forms
/// cannot nest): its inputs sit next to the field and name it with `form`.
fn attach_form_id(field: &FieldDef) -> String {
    format!("attach-{}", field.name)
}

/// "Ou ajouter un nouveau document": a file, added to the eSpace's documents and attached to
/// this field in one post. The page comes back with it chosen, or with why it was refused.
#[component]
fn AttachNew(
    field: &'static FieldDef,
    language: crate::domain::language::Language,
    espace_id: String,
    procedure_id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = attach_form_id(field);
    let input = format!("attach-{}-file", field.name);
    let error = format!("{input}-error");
    // the answer to this field's file, when the page comes back from one (the flash names the
    // field it was for): a refused file next to it, anything else above it
    let answer = flash_answer::<AttachNewDocument>()
        .filter(|_| typed::<AttachNewDocument>("field").as_deref() == Some(field.name.as_str()));
    let problem = refused_fields(answer.clone())
        .into_iter()
        .find(|e| e.field == "file")
        .map(|e| e.problem);
    let other = failure(i18n.get_locale_untracked(), answer);
    view! {
        <div class="attach-new">
            // before the file: the server checks who asks before reading it
            <input type="hidden" form=form.clone() name="espace_id" value=espace_id/>
            <input type="hidden" form=form.clone() name="id" value=procedure_id/>
            <input type="hidden" form=form.clone() name="field" value=field.name.clone()/>
            <label for=input.clone()>{t!(i18n, procedures.attach_new)}</label>
            <input type="file" id=input form=form.clone() name="file" required=true accept=FileKind::accept()
                aria-invalid=problem.is_some().to_string() aria-describedby=error.clone()/>
            <button type="submit" form=form class="secondary">{t!(i18n, procedures.attach_new_button)}</button>
            <p class="field-error" id=error aria-live="polite" lang=language.code()>
                {problem.map(|p| text::problem(i18n.get_locale_untracked(), p))}
            </p>
            {other}
        </div>
    }
}
