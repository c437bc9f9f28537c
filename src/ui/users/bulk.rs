//! Invite from a CSV file (beyond the seeds): the file is read in the browser, sent as text, and
//! every line is invited on its own; the report says, line by line, what was invited and what
//! was refused and why.

use crate::{
    api::users::BulkInvite,
    domain::{
        bulk::{self, BulkLine, BulkOutcome},
        bulk_error::MAX_ROWS,
        validation::{Problem, problem_of},
    },
    i18n::*,
    text,
    ui::{
        answer::alert,
        espace::{AdminOnly, EspacePage, use_current_espace},
        flash::{flash_answer, page_flash, provide_island_flash, typed},
        form::bind_value,
        title::PageTitle,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};

#[component]
pub fn BulkInvitePage() -> impl IntoView {
    view! {
        <EspacePage page=|| {
            let espace_id = use_current_espace().profile.id;
            view! { <AdminOnly><BulkForm espace_id=espace_id.to_string() flash=page_flash()/></AdminOnly> }
        }/>
    }
}

#[island]
fn BulkForm(espace_id: String, flash: Option<crate::domain::flash::Flash>) -> impl IntoView {
    provide_island_flash(flash);
    let i18n = use_i18n();
    // refused without JavaScript, the text comes back to be corrected
    let refused = matches!(flash_answer::<BulkInvite>(), Some(Ok(Err(_)) | Err(_)));
    let csv = RwSignal::new(
        refused
            .then(|| typed::<BulkInvite>("csv"))
            .flatten()
            .unwrap_or_default(),
    );
    let text = NodeRef::<leptos::html::Textarea>::new();
    bind_value(text, csv);
    // the file's own rule (readable, not empty, not too long), checked once sending was tried
    let tried = RwSignal::new(false);
    let local = move || {
        tried
            .get()
            .then(|| bulk::parse(&csv.get()).err().map(Problem::Csv))
            .flatten()
    };
    let problem = move || {
        local().or_else(|| match flash_answer::<BulkInvite>() {
            Some(Ok(Err(refusal))) => problem_of(refusal.field_errors(), "csv"),
            _ => None,
        })
    };
    let failure = move || match flash_answer::<BulkInvite>() {
        Some(Ok(Err(refusal))) if problem().is_none() => {
            Some(text::refusal(i18n.get_locale(), &refusal))
        }
        Some(Err(fault)) => Some(text::fault(i18n.get_locale(), &fault)),
        _ => None,
    };
    // a chosen file fills the text area, where it can still be checked and corrected
    let read_file = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        leptos::task::spawn_local(async move {
            if let Ok(bytes) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                csv.set(decoded(&bytes.into()));
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        tried.set(true);
        if local().is_some() {
            ev.prevent_default();
        }
    };
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, bulk.title).to_string())/>
        <p class="breadcrumb-back"><a href=crate::paths::users(&espace_id)>{t!(i18n, sheet.back_to_list)}</a></p>
        <section class="narrow">
            <h2>{t!(i18n, bulk.title)}</h2>
            <p>{move || t_string!(i18n, bulk.intro, max = MAX_ROWS).to_string()}</p>
            <pre class="example">"Nom;Prénom;E-mail;SSN;Rôle;Accès\nGuichet;Claude;claude.guichet@example.lu;12345678901234567890;manager;this_certificate"</pre>
            <p class="hint">{t!(i18n, bulk.codes)}</p>
            {move || failure().map(alert)}
            <form method="post" action=BulkInvite::url() on:submit=submit>
                <input type="hidden" name="espace_id" value=espace_id.clone()/>
                // reading a chosen file into the text needs the script: until it runs, the
                // text is pasted
                <div class="field needs-script">
                    <label for="field-csv-file">{t!(i18n, bulk.file)}</label>
                    <input type="file" id="field-csv-file" accept=".csv,text/csv,text/plain" on:change=read_file/>
                </div>
                <div class="field" class:invalid=move || problem().is_some()>
                    <label for="field-csv">{t!(i18n, bulk.content)}</label>
                    <textarea id="field-csv" name="csv" rows="8" spellcheck="false" node_ref=text
                        aria-invalid=move || problem().is_some().to_string()
                        aria-describedby="field-csv-error"
                        on:input=move |ev| csv.set(event_target_value(&ev))>{csv.get_untracked()}</textarea>
                    <p class="field-error" id="field-csv-error" aria-live="polite">
                        {move || problem().map(|p| text::problem(i18n.get_locale(), p))}
                    </p>
                </div>
                <div class="actions">
                    <button type="submit">{t!(i18n, bulk.submit)}</button>
                </div>
            </form>
        </section>
        {match flash_answer::<BulkInvite>() {
            Some(Ok(Ok(report))) => Some(view! { <Report report/> }),
            _ => None,
        }}
    }
}

#[component]
fn Report(report: Vec<BulkLine>) -> impl IntoView {
    let i18n = use_i18n();
    let invited = report
        .iter()
        .filter(|l| l.outcome == BulkOutcome::Invited)
        .count();
    let refused = report.len() - invited;
    view! {
        <section class="report">
            <h2>{t!(i18n, bulk.report)}</h2>
            <p role="status">{move || t_string!(i18n, bulk.summary, invited = invited, refused = refused).to_string()}</p>
            <div class="table-scroll" tabindex="0"><table>
                <caption class="visually-hidden">{t!(i18n, bulk.report)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, bulk.line)}</th>
                    <th scope="col">{t!(i18n, users.name)}</th>
                    <th scope="col">{t!(i18n, bulk.outcome)}</th>
                </tr></thead>
                <tbody>
                    {report.into_iter().map(|line| {
                        let outcome = match line.outcome {
                            BulkOutcome::Invited => view! {
                                <td><span class="status status-invited">{t!(i18n, bulk.invited)}</span></td>
                            }.into_any(),
                            BulkOutcome::Refused(errors) => view! {
                                <td>
                                    <span class="status status-refused">{t!(i18n, bulk.refused)}</span>
                                    <ul class="reasons">
                                        {errors.into_iter().map(|e| view! {
                                            <li>{move || format!("{} : {}", field_label(i18n, &e.field), text::problem(i18n.get_locale(), e.problem))}</li>
                                        }).collect_view()}
                                    </ul>
                                </td>
                            }.into_any(),
                            BulkOutcome::NotSent(reached) => view! {
                                <td>
                                    <span class="status status-refused">{t!(i18n, bulk.refused)}</span>
                                    <ul class="reasons">
                                        <li>{move || text::quota_reached(i18n.get_locale(), reached)}</li>
                                    </ul>
                                </td>
                            }.into_any(),
                        };
                        view! { <tr><td>{line.line}</td><th scope="row">{line.name}</th>{outcome}</tr> }
                    }).collect_view()}
                </tbody>
            </table></div>
        </section>
    }
}

/// The column a problem is in, by the form's label for it.
fn field_label(i18n: leptos_i18n::I18nContext<Locale>, field: &str) -> String {
    match field {
        "given_name" => t_string!(i18n, invite.given_name),
        "family_name" => t_string!(i18n, invite.family_name),
        "email" => t_string!(i18n, invite.email),
        "ssn" => t_string!(i18n, invite.ssn),
        "scope" => t_string!(i18n, invite.scope_legend),
        _ => t_string!(i18n, invite.role_legend),
    }
    .to_string()
}

/// A chosen file's text: UTF-8 when it is (a byte-order mark dropped), else Windows-1252, as
/// Excel saves a CSV file on Windows, so that "Réuter" keeps its accent. The browser's own
/// decoders (TextDecoder), which the WHATWG encoding standard defines, as the server's
/// `encoding_rs` does.
fn decoded(bytes: &js_sys::Object) -> String {
    let options = web_sys::TextDecoderOptions::new();
    options.set_fatal(true);
    let utf8 = web_sys::TextDecoder::new_with_label_and_options("utf-8", &options)
        .and_then(|decoder| decoder.decode_with_buffer_source(bytes));
    utf8.or_else(|_| {
        web_sys::TextDecoder::new_with_label("windows-1252")
            .and_then(|decoder| decoder.decode_with_buffer_source(bytes))
    })
    .unwrap_or_default()
}
