//! "Mes documents" (help "Ajouter un utilisateur"'s home tile): the files the eSpace keeps for its
//! procedures. A plain multipart form adds one, which works without JavaScript; each document
//! downloads by a plain link, and is renamed or deleted through a part of the page its address
//! opens (`?rename=…`, `?confirm=…`), each a form posting to its server function.

use super::{
    answer::{Loading, answer_view, failure},
    dialog::{ConfirmDialog, Opener, closing},
    espace::{EspacePage, espace_id, use_current_espace},
    flash::{flash_answer, typed},
    form::refused_fields,
    title::PageTitle,
};
use crate::{
    api::documents::{
        AddDocument, DeleteDocument, DownloadDocument, RenameDocument, list_documents,
    },
    domain::{
        document::{Document, FileKind, NAME_MAX},
        error::{Answer, Fault},
    },
    i18n::*,
    text,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

/// Where a document of the eSpace downloads: a plain link (ids only, nothing typed).
pub fn download_path(espace_id: &str, document_id: &str) -> String {
    format!(
        "{}?espace_id={espace_id}&document_id={document_id}",
        DownloadDocument::PATH
    )
}

#[component]
pub fn DocumentsPage() -> impl IntoView {
    let id = espace_id();
    let documents = Resource::new(move || id.get(), list_documents);
    view! { <EspacePage page=move || view! { <Documents documents/> }/> }
}

#[component]
fn Documents(documents: Resource<Result<Answer<Vec<Document>>, Fault>>) -> impl IntoView {
    let i18n = use_i18n();
    let espace = use_current_espace().profile.id;
    let title = Signal::derive(move || t_string!(i18n, documents.title).to_string());
    view! {
        <PageTitle text=title/>
        <h1>{t!(i18n, documents.title)}</h1>
        <p class="intro">{t!(i18n, documents.intro)}</p>
        <AddForm espace=espace.to_string()/>
        <Suspense fallback=Loading>
            {move || {
                let espace = espace.clone();
                documents.get().map(|answer| answer_view(answer, move |documents| view! { <List documents espace=espace.to_string()/> }))
            }}
        </Suspense>
    }
}

/// "Ajouter un document": one file, of the kinds kept, sent as it is chosen.
#[component]
fn AddForm(espace: String) -> impl IntoView {
    let i18n = use_i18n();
    let answer = flash_answer::<AddDocument>();
    let added = match &answer {
        Some(Ok(Ok(document))) => Some(document.name.clone()),
        _ => None,
    };
    let problem = refused_fields(answer.clone())
        .into_iter()
        .find(|e| e.field == "file")
        .map(|e| e.problem);
    let trouble = failure(i18n.get_locale_untracked(), answer);
    view! {
        <section class="sheet" aria-labelledby="heading-add-document">
            <h2 id="heading-add-document">{t!(i18n, documents.add)}</h2>
            {added.map(|name| view! {
                <p role="status" class="banner success">{move || t_string!(i18n, documents.added, name = name.clone()).to_string()}</p>
            })}
            {trouble}
            <form method="post" action=AddDocument::PATH enctype="multipart/form-data">
                // before the file: the server checks the caller before reading it
                <input type="hidden" name="espace_id" value=espace/>
                <div class="field" class:invalid=problem.is_some()>
                    <label for="field-file">{t!(i18n, documents.file)}</label>
                    <p class="hint" id="field-file-hint">{t!(i18n, documents.file_hint)}</p>
                    <input type="file" id="field-file" name="file" required=true accept=FileKind::accept()
                        aria-invalid=problem.is_some().to_string()
                        aria-describedby="field-file-hint field-file-error"/>
                    <p class="field-error" id="field-file-error" aria-live="polite">
                        {move || problem.map(|p| text::problem(i18n.get_locale(), p))}
                    </p>
                </div>
                <button type="submit">{t!(i18n, documents.add_button)}</button>
            </form>
        </section>
    }
}

#[component]
fn List(documents: Vec<Document>, espace: String) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let (renaming, deleting) = query.with_untracked(|q| {
        (
            q.get("rename").unwrap_or_default(),
            q.get("confirm").unwrap_or_default(),
        )
    });
    let page = crate::paths::documents(&espace);
    let locale = i18n.get_locale_untracked();
    let deletion = flash_answer::<DeleteDocument>();
    let deleted = matches!(deletion, Some(Ok(Ok(()))));
    let done = failure(locale, flash_answer::<RenameDocument>()).or(failure(locale, deletion));
    let to_delete = documents.iter().find(|d| d.id == deleting).cloned();
    view! {
        <section class="sheet" aria-labelledby="heading-kept">
            <h2 id="heading-kept">{t!(i18n, documents.kept)}</h2>
            {deleted.then(|| view! { <p role="status" class="banner success">{t!(i18n, documents.deleted)}</p> })}
            {done}
            {if documents.is_empty() {
                view! { <p class="empty">{t!(i18n, documents.none)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0"><table class="documents">
                        <caption class="visually-hidden">{t!(i18n, documents.kept)}</caption>
                        <thead><tr>
                            <th scope="col">{t!(i18n, documents.name)}</th>
                            <th scope="col">{t!(i18n, documents.kind)}</th>
                            <th scope="col">{t!(i18n, documents.size)}</th>
                            <th scope="col">{t!(i18n, documents.added_on)}</th>
                            <th scope="col"><span class="visually-hidden">{t!(i18n, documents.actions)}</span></th>
                        </tr></thead>
                        <tbody>
                            {documents.into_iter().map(|document| {
                                let open = document.id == renaming;
                                view! { <Row document espace=espace.clone() page=page.clone() renaming=open/> }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
        {to_delete.map(|document| {
            let name = document.name.clone();
            view! {
                <ConfirmDialog
                    title=Signal::derive(move || t_string!(i18n, documents.delete_title).to_string())
                    text=Signal::derive(move || t_string!(i18n, documents.delete_question, name = name.clone()).to_string())
                    confirm=Signal::derive(move || t_string!(i18n, documents.delete).to_string())
                    action=DeleteDocument::PATH
                    back=closing(&page, "confirm", document.id.as_str())>
                    <input type="hidden" name="espace_id" value=espace.clone()/>
                    <input type="hidden" name="document_id" value=document.id.to_string()/>
                </ConfirmDialog>
            }
        })}
    }
}

/// One document: its name (a download link), kind, size, when and by whom it was added, and
/// "Renommer" (a form in its row once opened) and "Supprimer" (a confirmation).
#[component]
fn Row(document: Document, espace: String, page: String, renaming: bool) -> impl IntoView {
    let i18n = use_i18n();
    let download = download_path(&espace, document.id.as_str());
    let refused = if renaming {
        refused_fields(flash_answer::<RenameDocument>())
    } else {
        Default::default()
    }
    .into_iter()
    .find(|e| e.field == "name")
    .map(|e| e.problem);
    let typed_name = typed::<RenameDocument>("name").unwrap_or_else(|| document.name.clone());
    let (name, id, kind, size, at, by) = (
        document.name.clone(),
        document.id.clone(),
        document.kind,
        document.size,
        document.added_at,
        document.added_by.clone(),
    );
    let locale = move || i18n.get_locale();
    view! {
        <tr>
            <th scope="row">
                {if renaming {
                    view! {
                        <form method="post" action=RenameDocument::PATH class="inline-form">
                            <input type="hidden" name="espace_id" value=espace.clone()/>
                            <input type="hidden" name="document_id" value=id.to_string()/>
                            <label for="field-name" class="visually-hidden">{t!(i18n, documents.new_name)}</label>
                            <input type="text" id="field-name" name="name" required=true maxlength=NAME_MAX
                                autofocus=true value=typed_name
                                aria-invalid=refused.is_some().to_string() aria-describedby="field-name-error"/>
                            <p class="field-error" id="field-name-error" aria-live="polite">
                                {move || refused.map(|p| text::problem(locale(), p))}
                            </p>
                            <button type="submit">{t!(i18n, documents.save_name)}</button>
                            <a class="button secondary" href=closing(&page, "rename", id.as_str())>{t!(i18n, common.cancel)}</a>
                        </form>
                    }.into_any()
                } else {
                    view! { <a href=download download="">{name.clone()}</a> }.into_any()
                }}
            </th>
            <td>{kind.extension().to_uppercase()}</td>
            <td>{move || text::size(locale(), size)}</td>
            <td>{move || t_string!(i18n, documents.added_by, date = text::date(locale(), at), name = by.clone()).to_string()}</td>
            <td class="actions">
                {(!renaming).then(|| view! {
                    <Opener path=page.clone() name="rename" value=id.to_string() class="secondary"
                        label=Signal::derive({ let name = name.clone(); move || t_string!(i18n, documents.rename_named, name = name.clone()).to_string() })>
                        {t!(i18n, documents.rename)}
                    </Opener>
                })}
                <Opener path=page.clone() name="confirm" value=id.to_string() class="secondary"
                    label=Signal::derive({ let name = name.clone(); move || t_string!(i18n, documents.delete_named, name = name.clone()).to_string() })>
                    {t!(i18n, documents.delete)}
                </Opener>
            </td>
        </tr>
    }
}
