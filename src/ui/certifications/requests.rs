//! Certification for a field of activity (help "Have your business eSpace certified"):
//! administrators send a description and supporting documents; every member follows the requests
//! and the administration's answer.

use super::ListSection;
use crate::{
    api::certification_requests::RequestCertification,
    domain::{
        access_code::Domain,
        certification::{
            ACCEPT, CertificationRequest, DocumentFacts, DocumentKind, RequestForm, RequestStatus,
        },
    },
    i18n::*,
    text,
    ui::{
        answer::failure,
        flash::{flash_answer, typed},
        form::{Mandatory, bind_value, refused_fields, shown_problem},
    },
};
use leptos::{html, prelude::*, server_fn::ServerFn};

use crate::domain::document::Document;

/// A chosen file as the browser describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Chosen {
    name: String,
    size: u64,
    media_type: String,
}

/// The request form. It posts as `multipart/form-data` to the server function, which works
/// without JavaScript too; with it, the shared rule checks the form first (with the types the
/// browser declares, the server reading the real ones from the content).
/// Posts as it does without JavaScript (the tab comes back saying the request was sent); in the
/// browser it checks the chosen files and the fields as they change, and does not post what the
/// rule refuses.
#[island]
pub fn RequestForm(
    espace_id: String,
    flash: Option<crate::domain::flash::Flash>,
    /// The documents of "Mes documents" of a kind a request takes, to choose from.
    store: Vec<Document>,
) -> impl IntoView {
    crate::ui::flash::provide_island_flash(flash);
    let i18n = use_i18n();
    let files_ref = NodeRef::<html::Input>::new();
    let came_back = StoredValue::new(flash_answer::<RequestCertification>());
    // refused: open, saying why, with what was typed; sent: ready for another request
    let refused_back = matches!(came_back.get_value(), Some(Ok(Err(_))) | Some(Err(_)));
    let kept = move |field: &str| {
        refused_back
            .then(|| typed::<RequestCertification>(field))
            .flatten()
            .unwrap_or_default()
    };
    let domain = RwSignal::new(kept("domain"));
    let description = RwSignal::new(kept("description"));
    let (domain_ref, description_ref) = (
        NodeRef::<html::Select>::new(),
        NodeRef::<html::Textarea>::new(),
    );
    bind_value(domain_ref, domain);
    bind_value(description_ref, description);
    let chosen = RwSignal::new(Vec::<Chosen>::new());
    let picked = RwSignal::new(Vec::<Document>::new());
    let touched = RwSignal::new(false);
    let rules = move || RequestForm {
        domain: domain.get(),
        description: description.get(),
        documents: chosen
            .get()
            .iter()
            .map(|c| DocumentFacts {
                name: c.name.clone(),
                size: c.size,
                kind: DocumentKind::from_media_type(&c.media_type),
            })
            .chain(picked.get().iter().map(|d| DocumentFacts {
                name: d.name.clone(),
                size: d.size,
                kind: DocumentKind::of_stored(d.kind),
            }))
            .collect(),
    };
    let local_errors = move || rules().validate().err().unwrap_or_default();
    let problem = move |field: &'static str| {
        Signal::derive(move || {
            shown_problem(
                touched.get(),
                &local_errors(),
                &refused_fields(came_back.get_value()),
                field,
            )
        })
    };
    let failed = move || failure(i18n.get_locale(), came_back.get_value());
    let on_files = move |_| {
        let Some(files) = files_ref.get_untracked().and_then(|input| input.files()) else {
            return;
        };
        let list = (0..files.length())
            .filter_map(|i| files.get(i))
            .map(|file| Chosen {
                name: file.name(),
                size: file.size() as u64,
                media_type: file.type_(),
            })
            .collect();
        touched.set(true);
        chosen.set(list);
    };
    let message = move |field: &'static str| {
        let problem = problem(field);
        move || problem.get().map(|p| text::problem(i18n.get_locale(), p))
    };
    let invalid = move |field: &'static str| {
        let problem = problem(field);
        move || problem.get().is_some().to_string()
    };
    let invalid_class = move |field: &'static str| {
        let problem = problem(field);
        move || problem.get().is_some()
    };
    view! {
        <section class="sheet" aria-labelledby="heading-request-form">
            <h2 id="heading-request-form">{t!(i18n, certification_request.title)}</h2>
            <p>{t!(i18n, certification_request.intro)}</p>
            // folded until wanted: most visits are to read the lists below
            <details class="request" open=refused_back>
            <summary class="button secondary">{t!(i18n, certification_request.open)}</summary>
            {failed}
            <form method="post" action=RequestCertification::url()
                enctype="multipart/form-data" novalidate=true
                on:submit=move |ev| {
                    touched.set(true);
                    if !local_errors().is_empty() {
                        ev.prevent_default();
                    }
                }>
                <input type="hidden" name="espace_id" value=espace_id/>
                <div class="field" class:invalid=invalid_class("domain")>
                    <label for="request-domain">{t!(i18n, certification_request.domain)}<Mandatory/></label>
                    <select id="request-domain" name="domain" required=true
                        aria-invalid=invalid("domain") aria-describedby="request-domain-error"
                        node_ref=domain_ref
                        on:change=move |ev| { touched.set(true); domain.set(event_target_value(&ev)); }>
                        <option value="">{t!(i18n, certification_request.choose)}</option>
                        {Domain::ALL.into_iter().map(|d| view! {
                            <option value=d.code() selected=d.code() == domain.get_untracked()>
                                {move || text::domain(i18n.get_locale(), d)}
                            </option>
                        }).collect_view()}
                    </select>
                    <p class="field-error" id="request-domain-error" aria-live="polite">{message("domain")}</p>
                </div>
                <div class="field" class:invalid=invalid_class("description")>
                    <label for="request-description">{t!(i18n, certification_request.description)}<Mandatory/></label>
                    <p class="hint" id="request-description-hint">{t!(i18n, certification_request.description_hint)}</p>
                    <textarea id="request-description" name="description" rows="4" required=true
                        aria-invalid=invalid("description")
                        aria-describedby="request-description-hint request-description-error"
                        node_ref=description_ref
                        on:input=move |ev| { touched.set(true); description.set(event_target_value(&ev)); }>
                        {description.get_untracked()}
                    </textarea>
                    <p class="field-error" id="request-description-error" aria-live="polite">{message("description")}</p>
                </div>
                <div class="field" class:invalid=invalid_class("documents")>
                    <label for="request-documents">{t!(i18n, certification_request.documents)}<Mandatory/></label>
                    <p class="hint" id="request-documents-hint">{t!(i18n, certification_request.documents_hint)}</p>
                    <input type="file" id="request-documents" name="documents" multiple=true accept=ACCEPT
                        node_ref=files_ref
                        aria-invalid=invalid("documents")
                        aria-describedby="request-documents-hint request-documents-files request-documents-error"
                        on:change=on_files/>
                    <ol id="request-documents-files" class="files">
                        {move || chosen.get().into_iter().map(|c| view! {
                            <li>{c.name}" ("{move || text::size(i18n.get_locale(), c.size)}")"</li>
                        }).collect_view()}
                    </ol>
                    {(!store.is_empty()).then(|| view! { <StoreChoice store picked touched/> })}
                    <p class="field-error" id="request-documents-error" aria-live="polite">{message("documents")}</p>
                </div>
                <div class="actions">
                    <button type="submit">{t!(i18n, certification_request.submit)}</button>
                </div>
            </form>
            </details>
        </section>
    }
}

/// "Ou choisir dans Mes documents": a checkbox per document of a kind a request takes, each
/// posted as a `stored` id.
#[component]
fn StoreChoice(
    store: Vec<Document>,
    picked: RwSignal<Vec<Document>>,
    touched: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="choices store-choice">
            <legend>{t!(i18n, certification_request.from_store)}</legend>
            {store.into_iter().map(|document| {
                let id = format!("stored-{}", document.id);
                let size = document.size;
                let name = document.name.clone();
                let toggled = document.clone();
                view! {
                    <div class="choice">
                        <input type="checkbox" id=id.clone() name="stored" value=document.id.to_string()
                            on:change=move |ev| {
                                touched.set(true);
                                let on = event_target_checked(&ev);
                                picked.update(|all| {
                                    all.retain(|d| d.id != toggled.id);
                                    if on {
                                        all.push(toggled.clone());
                                    }
                                });
                            }/>
                        <label for=id>{name}" ("{move || text::size(i18n.get_locale(), size)}")"</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// The eSpace's requests, newest first, with the administration's answer.
#[component]
pub fn RequestList(requests: Vec<CertificationRequest>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    view! {
        <ListSection id="heading-requests-list" is_empty=requests.is_empty()
            heading=move || t_string!(i18n, certification_request.list).to_string()
            empty=move || t_string!(i18n, certification_request.none).to_string()>
            <div class="table-scroll" tabindex="0"><table>
                <thead><tr>
                    <th scope="col">{t!(i18n, certification_request.domain)}</th>
                    <th scope="col">{t!(i18n, certification_request.submitted_on)}</th>
                    <th scope="col">{t!(i18n, certification_request.documents)}</th>
                    <th scope="col">{t!(i18n, certifications.status)}</th>
                </tr></thead>
                <tbody>
                    {requests.into_iter().map(|request| {
                        let documents = request.documents.iter().map(|d| d.name.clone()).collect::<Vec<_>>().join(", ");
                        let status = request.status.clone();
                        view! {
                            <tr>
                                <td>{move || text::domain(locale(), request.domain)}</td>
                                <td class="nowrap">{move || text::date(locale(), request.submitted_at)}" — "{request.submitted_by}</td>
                                <td>{documents}</td>
                                <td>{move || match &status {
                                    RequestStatus::Submitted => t_string!(i18n, certification_request.submitted).to_string(),
                                    RequestStatus::Approved { at } => t_string!(i18n, certification_request.approved, date = text::date(locale(), *at)).to_string(),
                                    RequestStatus::Rejected { at, reason } => t_string!(i18n, certification_request.rejected, date = text::date(locale(), *at), reason = reason.clone()).to_string(),
                                }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
        </ListSection>
    }
}
