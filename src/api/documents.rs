//! "Mes documents" (help "Ajouter un utilisateur": "Stockez et retrouvez les documents que vous
//! souhaitez utiliser ultérieurement pour vos futures démarches"): every member of the eSpace adds,
//! lists, downloads, renames and deletes them (help "Adding users" gives this to all three roles).
//! A file goes through in chunks, never whole in memory; its kind is read from its content.

use crate::domain::id::DocumentId;
use crate::domain::{
    document::Document,
    error::{Answer, Fault},
};
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;
use leptos::{
    prelude::*,
    server_fn::codec::{ByteStream, GetUrl, MultipartData, MultipartFormData, Streaming},
};

/// The eSpace's documents, newest first.
#[server(endpoint = "list_documents")]
pub async fn list_documents(espace_id: String) -> Result<Answer<Vec<Document>>, Fault> {
    use super::guard::*;
    use crate::domain::role::Permission;
    answer(async {
        let member = member_of(&espace_id, Permission::KeepDocuments).await?;
        Ok(member
            .store()
            .documents
            .of_espace(member.espace_id())
            .await?)
    })
    .await
}

/// Adds one file, sent as a multipart form whose `espace_id` comes before its `file`: the
/// caller's power is checked before a byte of the file is read. A refused file is said next to
/// the `file` field.
#[server(endpoint = "add_document", input = MultipartFormData)]
pub async fn add_document(data: MultipartData) -> Result<Answer<Document>, Fault> {
    let outcome = super::guard::answer(ssr::add(data)).await;
    super::guard::return_plain_post(AddDocument::PATH, &outcome, &[], None).await;
    outcome
}

/// The document's content, as a download: an address a plain link opens.
#[server(endpoint = "download_document", input = GetUrl, output = Streaming)]
pub async fn download_document(
    espace_id: String,
    document_id: DocumentId,
) -> Result<ByteStream<Fault>, Fault> {
    ssr::download(espace_id, document_id).await
}

#[server(endpoint = "rename_document")]
pub async fn rename_document(
    espace_id: String,
    document_id: DocumentId,
    name: String,
) -> Result<Answer<()>, Fault> {
    use super::guard::*;
    use crate::domain::{document, error::Refusal, role::Permission};
    let outcome = answer(async {
        let member = member_of(&espace_id, Permission::KeepDocuments).await?;
        let holder = member.holder();
        let name = document::name(&name).map_err(|problem| Refusal::invalid("name", problem))?;
        let services = services()?;
        let now = services.clock.now();
        let by = holder.into();
        let renamed = member
            .store()
            .documents
            .rename(member.espace_id(), &document_id, &name, &by, now)
            .await?;
        if !renamed {
            return Err(Refusal::NotFound.into());
        }
        Ok(())
    })
    .await;
    return_plain_post(RenameDocument::PATH, &outcome, &[("name", &name)], None).await;
    outcome
}

/// Deletes a document; one that is gone already (a second click, another member first) is not
/// found, as a document of another eSpace. A procedure that holds it keeps its own copy.
#[server(endpoint = "delete_document")]
pub async fn delete_document(
    espace_id: String,
    document_id: DocumentId,
) -> Result<Answer<()>, Fault> {
    use super::guard::*;
    use crate::domain::{error::Refusal, role::Permission};
    let outcome = answer(async {
        let member = member_of(&espace_id, Permission::KeepDocuments).await?;
        let holder = member.holder();
        let services = services()?;
        let now = services.clock.now();
        let deleted = member
            .store()
            .documents
            .delete(member.espace_id(), &document_id, &holder.into(), now)
            .await?;
        if !deleted {
            return Err(Refusal::NotFound.into());
        }
        Ok(())
    })
    .await;
    return_plain_post(DeleteDocument::PATH, &outcome, &[], None).await;
    outcome
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::super::guard::*;
    use crate::{
        domain::{
            document::{self, CHUNK_BYTES as CHUNK, Document, FileKind, MAX_BYTES},
            error::{Fault, Refusal},
            id::DocumentId,
            role::Permission,
            validation::Problem,
        },
        server::db::Upload,
    };
    use leptos::{
        prelude::expect_context,
        server_fn::codec::{ByteStream, MultipartData},
    };
    use sha2::{Digest, Sha256};
    use std::collections::HashMap;

    fn refused_file(problem: Problem) -> Failure {
        Refusal::invalid("file", problem).into()
    }

    pub async fn add(data: MultipartData) -> Result<Document, Failure> {
        let (fields, file) = fields_then_file(data).await?;
        let espace_id = fields.get("espace_id").cloned().unwrap_or_default();
        store(&espace_id, file).await
    }

    /// A file of a multipart form, not yet read: its name and the field to read it from.
    pub struct File {
        name: String,
        field: multer::Field<'static>,
    }

    /// Reads a multipart form's short text fields up to its `file`, which is left unread: the
    /// caller checks who is asking (from the fields before it) before a byte of it is read.
    pub async fn fields_then_file(
        data: MultipartData,
    ) -> Result<(HashMap<String, String>, Option<File>), Failure> {
        let mut multipart = data
            .into_inner()
            .ok_or_else(|| fault("not a multipart form"))?;
        let mut fields = HashMap::new();
        while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
            let name = field.name().unwrap_or_default().to_owned();
            if name == "file" {
                let name = field.file_name().unwrap_or_default().to_owned();
                return Ok((fields, Some(File { name, field })));
            }
            let mut text = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
                // ids and names are short; anything longer names nothing
                if text.len() + chunk.len() > 256 || fields.len() >= 8 {
                    return Err(Refusal::NotFound.into());
                }
                text.extend_from_slice(&chunk);
            }
            fields.insert(name, String::from_utf8_lossy(&text).into_owned());
        }
        Ok((fields, None))
    }

    /// Writes the file into the eSpace's store chunk by chunk, reading its kind from its first
    /// chunk and its SHA-256 as it goes; a refused or broken-off upload leaves nothing.
    pub async fn store(espace_id: &str, file: Option<File>) -> Result<Document, Failure> {
        let member = member_of(espace_id, Permission::KeepDocuments).await?;
        let holder = member.holder();
        let Some(File { name, mut field }) = file.filter(|f| !f.name.is_empty()) else {
            return Err(refused_file(Problem::Required));
        };
        let name =
            document::name(&name).map_err(|_| refused_file(Problem::DocumentName { number: 1 }))?;
        let services = services()?;
        let documents = &member.store().documents;
        let by = holder.into();
        let now = services.clock.now();
        let id = documents.begin(member.espace_id(), &name, &by, now).await?;
        let written = async {
            let mut buffer = Vec::with_capacity(CHUNK);
            let (mut size, mut position, mut kind) = (0u64, 0i64, None);
            let mut digest = Sha256::new();
            let mut ended = false;
            while !ended {
                match field.chunk().await.map_err(unreadable)? {
                    Some(bytes) => {
                        size += bytes.len() as u64;
                        if size > MAX_BYTES {
                            return Err(refused_file(Problem::FileTooLarge {
                                max_megabytes: MAX_BYTES / (1024 * 1024),
                            }));
                        }
                        digest.update(&bytes);
                        buffer.extend_from_slice(&bytes);
                    }
                    None => ended = true,
                }
                // whole chunks as they fill, the rest once the file has ended; the first shows
                // the file's kind
                while buffer.len() >= CHUNK || (ended && !buffer.is_empty()) {
                    let end = buffer.len().min(CHUNK);
                    if position == 0 {
                        kind = Some(kind_of(&buffer[..end])?);
                    }
                    documents.append(&id, position, &buffer[..end]).await?;
                    position += 1;
                    buffer.drain(..end);
                }
            }
            if size == 0 {
                return Err(refused_file(Problem::Required));
            }
            let kind = kind.ok_or_else(|| refused_file(Problem::UnsupportedFile))?;
            Ok(Upload {
                kind,
                size,
                sha256: hex::encode(digest.finalize()),
            })
        };
        let upload = match written.await {
            Ok(upload) => upload,
            Err(failure) => {
                documents.abandon(&id).await?;
                return Err(failure);
            }
        };
        let limits = &services.config.quotas;
        Ok(documents
            .finish(member.espace_id(), &id, &upload, limits, &by, now)
            .await?
            .map_err(Refusal::Quota)?)
    }

    fn kind_of(start: &[u8]) -> Result<FileKind, Failure> {
        FileKind::of_content(start).ok_or_else(|| refused_file(Problem::UnsupportedFile))
    }

    /// A download's answer when there is nothing the caller may have: a bare 404, as for an
    /// address that does not exist.
    pub fn not_found() -> ByteStream<Fault> {
        let response = expect_context::<leptos_axum::ResponseOptions>();
        response.set_status(axum::http::StatusCode::NOT_FOUND);
        let empty: Vec<Result<Vec<u8>, Fault>> = Vec::new();
        ByteStream::new(futures::stream::iter(empty))
    }

    /// The headers of a file sent as a download, under its name.
    pub fn file_headers(name: &str, media_type: &'static str, size: u64) {
        use axum::http::{HeaderValue, header};
        let response = expect_context::<leptos_axum::ResponseOptions>();
        let disposition = format!(
            "attachment; filename*=UTF-8''{}",
            percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC)
        );
        response.insert_header(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
        if let Ok(value) = HeaderValue::from_str(&disposition) {
            response.insert_header(header::CONTENT_DISPOSITION, value);
        }
        response.insert_header(header::CONTENT_LENGTH, HeaderValue::from(size));
    }

    pub async fn download(
        espace_id: String,
        document_id: DocumentId,
    ) -> Result<ByteStream<Fault>, Fault> {
        use futures::stream;
        let found = answer(async {
            let member = member_of(&espace_id, Permission::KeepDocuments).await?;
            let store = member.store();
            let document = store
                .documents
                .get(member.espace_id(), &document_id)
                .await?;
            Ok((document.ok_or(Refusal::NotFound)?, store.clone()))
        })
        .await?;
        let (document, store) = match found {
            Ok(found) => found,
            // not a member, or no such document: the same answer
            Err(_) => return Ok(not_found()),
        };
        file_headers(&document.name, document.kind.media_type(), document.size);
        let chunks = stream::unfold(Some(0i64), move |position| {
            let store = store.clone();
            let id = document.id.clone();
            async move {
                let position = position?;
                match store.documents.chunk(&id, position).await {
                    Ok(Some(bytes)) => Some((Ok(bytes), Some(position + 1))),
                    Ok(None) => None,
                    Err(e) => Some((
                        Err(server_fault(format!("a download broke off: {e}"))),
                        None,
                    )),
                }
            }
        });
        Ok(ByteStream::new(chunks))
    }
}
