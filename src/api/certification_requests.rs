//! Having the eSpace certified for a field of activity (help "Have your business eSpace
//! certified"): an administrator sends a description and supporting documents as one multipart
//! form. The documents' kinds are read from their content, never from their names or declared
//! types.

use crate::domain::error::{Answer, Fault};
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;
use leptos::{
    prelude::*,
    server_fn::codec::{MultipartData, MultipartFormData},
};

/// Fields: `espace_id`, `domain`, `description`, one `documents` part per file, and one `stored`
/// part per document taken from "Mes documents" (its id). Refusals come back next to the field
/// (`documents` for the files, those of the store counted after the new ones).
#[server(endpoint = "request_certification", input = MultipartFormData)]
pub async fn request_certification(data: MultipartData) -> Result<Answer<()>, Fault> {
    use super::guard::*;
    use crate::domain::{error::Refusal, quota::Quota, role::Permission};
    let mut typed = (String::new(), String::new(), String::new());
    let outcome = answer(async {
        let mut form = read_form(data).await?;
        typed = (
            form.espace_id.clone(),
            form.rules.domain.clone(),
            form.rules.description.clone(),
        );
        let member = member_of(&form.espace_id, Permission::ManageProfile).await?;
        let holder = member.holder();
        let services = services()?;
        from_store(&member, &mut form).await?;
        let (domain, description) = form.rules.validate().map_err(Refusal::Invalid)?;
        let now = services.clock.now();
        let stored = member
            .store()
            .certification_requests
            .stored_bytes(member.espace_id())
            .await?;
        let adding = form.documents.iter().map(|d| d.content.len() as i64).sum();
        let limits = &services.config.quotas;
        limits
            .allows(Quota::StoredBytesPerEspace, stored, adding, None)
            .map_err(Refusal::Quota)?;
        let counted = [(
            Quota::CertificationRequestsPerEspace,
            form.espace_id.as_str(),
        )];
        services
            .quotas()
            .take(limits, &counted, 1, now)
            .await?
            .map_err(Refusal::Quota)?;
        member
            .store()
            .certification_requests
            .submit(
                member.espace_id(),
                &holder.into(),
                domain,
                &description,
                &form.documents,
                now,
            )
            .await?;
        Ok(())
    })
    .await;
    let (_, domain, description) = &typed;
    // the chosen files cannot come back: the browser must be given them again
    return_plain_post(
        RequestCertification::PATH,
        &outcome,
        &[("domain", domain), ("description", description)],
        None,
    )
    .await;
    outcome
}

/// What the multipart form carried: the fields for the shared rules, and the documents.
#[cfg(feature = "ssr")]
struct ReadForm {
    espace_id: String,
    rules: crate::domain::certification::RequestForm,
    documents: Vec<crate::server::db::NewDocument>,
    /// The ids of the documents of "Mes documents" chosen.
    stored: Vec<String>,
}

/// Adds the documents chosen from the eSpace's store, read from it chunk by chunk, to the
/// request (checked by the same rule as new files: kind, size, count); an id the store does
/// not hold is not found.
#[cfg(feature = "ssr")]
async fn from_store(
    member: &crate::server::access::Member,
    form: &mut ReadForm,
) -> Result<(), super::guard::Failure> {
    use crate::{
        domain::{
            certification::{DocumentFacts, DocumentKind, MAX_DOCUMENT_BYTES, MAX_DOCUMENTS},
            error::Refusal,
        },
        server::db::NewDocument,
    };
    if form.stored.is_empty() {
        return Ok(());
    }
    let store = member.store();
    let kept = store.documents.of_espace(member.espace_id()).await?;
    for id in &form.stored {
        let document = kept.iter().find(|d| &d.id == id).ok_or(Refusal::NotFound)?;
        let kind = DocumentKind::of_stored(document.kind);
        form.rules.documents.push(DocumentFacts {
            name: document.name.clone(),
            size: document.size,
            kind,
        });
        let Some(kind) = kind.filter(|_| document.size <= MAX_DOCUMENT_BYTES) else {
            continue;
        };
        if form.documents.len() >= MAX_DOCUMENTS {
            continue;
        }
        let mut content = Vec::with_capacity(document.size as usize);
        let mut position = 0;
        while let Some(chunk) = store.documents.chunk(&document.id, position).await? {
            content.extend_from_slice(&chunk);
            position += 1;
        }
        form.documents.push(NewDocument {
            name: document.name.clone(),
            kind,
            content,
        });
    }
    Ok(())
}

/// Reads the form part by part, keeping at most one byte more than a document may have (the
/// rule then refuses it) and at most one document more than allowed; text fields are capped too.
#[cfg(feature = "ssr")]
async fn read_form(data: MultipartData) -> Result<ReadForm, super::guard::Failure> {
    use super::guard::{fault, unreadable};
    use crate::{
        domain::certification::{
            DESCRIPTION_MAX, DocumentFacts, DocumentKind, MAX_DOCUMENT_BYTES, MAX_DOCUMENTS,
            RequestForm,
        },
        server::db::NewDocument,
    };
    let mut multipart = data
        .into_inner()
        .ok_or_else(|| fault("not a multipart form"))?;
    let mut form = ReadForm {
        espace_id: String::new(),
        rules: RequestForm {
            domain: String::new(),
            description: String::new(),
            documents: Vec::new(),
        },
        documents: Vec::new(),
        stored: Vec::new(),
    };
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().unwrap_or_default().to_owned();
        let limit = match name.as_str() {
            "documents" => MAX_DOCUMENT_BYTES as usize + 1,
            // a description of DESCRIPTION_MAX characters of up to 4 bytes, and then some
            _ => DESCRIPTION_MAX * 4 + 1,
        };
        let mut content = Vec::new();
        let mut size = 0u64;
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            size += chunk.len() as u64;
            let room = limit.saturating_sub(content.len());
            content.extend_from_slice(&chunk[..room.min(chunk.len())]);
        }
        let text = || String::from_utf8_lossy(&content).into_owned();
        match name.as_str() {
            "espace_id" => form.espace_id = text(),
            "domain" => form.rules.domain = text(),
            "description" => form.rules.description = text(),
            // one more than may be sent, for the rule to refuse
            "stored" if form.stored.len() <= MAX_DOCUMENTS => form.stored.push(text()),
            // a file input left empty still sends one nameless, empty part
            "documents" if file_name.is_empty() && size == 0 => {}
            "documents" => {
                let kind = infer::get(&content)
                    .and_then(|found| DocumentKind::from_media_type(found.mime_type()));
                form.rules.documents.push(DocumentFacts {
                    name: file_name.clone(),
                    size,
                    kind,
                });
                if let Some(kind) = kind
                    && form.documents.len() < MAX_DOCUMENTS
                {
                    form.documents.push(NewDocument {
                        name: file_name.chars().take(200).collect(),
                        kind,
                        content,
                    });
                }
            }
            _ => {}
        }
    }
    Ok(form)
}
