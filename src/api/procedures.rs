//! Online procedures (démarches): the role matrix in action. Every member reads them; creating,
//! modifying and submitting needs `EditProcedures` (every role), signing `SignProcedures` (not
//! "without signature"). Filing for a principal needs a live mandate of that company for the
//! procedure's domain, with procedures in its scope, at every step.

#[cfg(feature = "ssr")]
use crate::domain::id::CompanyId;
use crate::domain::{
    document::Document,
    error::{Answer, Fault},
    procedure::{
        Content, Pdf,
        lifecycle::{Principal, Procedure, ProcedureLine},
    },
    validation::FieldError,
};
use crate::domain::{id::ProcedureId, timestamp::Timestamp};
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;
use leptos::{
    prelude::*,
    server_fn::codec::{ByteStream, GetUrl, MultipartData, MultipartFormData, Streaming},
};
use serde::{Deserialize, Serialize};

/// "Mes démarches": the eSpace's procedures, last changed first.
#[server(endpoint = "list_procedures")]
pub async fn list_procedures(espace_id: String) -> Result<Answer<Vec<ProcedureLine>>, Fault> {
    use super::guard::*;
    use crate::domain::role::Permission;
    answer(async {
        let member = member_of(&espace_id, Permission::ViewEspace).await?;
        Ok(member
            .store()
            .procedures
            .of_espace(member.espace_id())
            .await?)
    })
    .await
}

/// The principals this eSpace may file a procedure of the catalogue for: "for myself" is always
/// possible, these are the others (help "Representative").
#[server(endpoint = "procedure_principals")]
pub async fn procedure_principals(
    espace_id: String,
    kind: String,
) -> Result<Answer<Vec<Principal>>, Fault> {
    use super::guard::*;
    use crate::domain::{error::Refusal, procedure, role::Permission, validation::Problem};
    answer(async {
        let member = member_of(&espace_id, Permission::EditProcedures).await?;
        let definition = procedure::definition(&kind)
            .ok_or_else(|| Refusal::invalid("kind", Problem::UnknownChoice))?;
        let services = services()?;
        Ok(member
            .store()
            .mandates
            .principals(member.espace_id(), definition.domain, services.clock.now())
            .await?)
    })
    .await
}

/// Starts a procedure of the catalogue, for the eSpace itself (`principal` empty) or for a
/// principal (its national identifier); answers the new procedure's id. Its language is fixed
/// now: the eSpace's procedure language, else the creator's.
#[server(endpoint = "create_procedure")]
pub async fn create_procedure(
    espace_id: String,
    kind: String,
    principal: String,
) -> Result<Answer<ProcedureId>, Fault> {
    use super::guard::*;
    use crate::{
        domain::{
            error::Refusal,
            procedure::{self, lifecycle::language_at_start},
            role::Permission,
            validation::Problem,
        },
        server::db::NewProcedure,
    };
    let outcome = answer(async {
        let member = member_of(&espace_id, Permission::EditProcedures).await?;
        let holder = member.holder();
        let definition = procedure::definition(&kind)
            .ok_or_else(|| Refusal::invalid("kind", Problem::UnknownChoice))?;
        let principal = Some(principal.trim())
            .filter(|p| !p.is_empty())
            .map(CompanyId::from);
        let services = services()?;
        let store = member.store();
        let now = services.clock.now();
        let profile = store.espaces.profile(member.espace_id()).await?;
        let (content, prefilled) = starting_content(
            &member,
            principal.as_ref(),
            definition,
            profile.as_ref(),
            now,
        )
        .await?;
        let espace_language = profile.as_ref().and_then(|p| p.procedure_language);
        let language = language_at_start(espace_language, reading_language(holder));
        Ok(store
            .procedures
            .create(
                &NewProcedure {
                    espace_id: member.espace_id(),
                    kind: &definition.id,
                    principal: principal.as_ref(),
                    language,
                    by: &holder.into(),
                    content: &content,
                    prefilled: &prefilled,
                },
                now,
            )
            .await?)
    })
    .await;
    // the new draft opens
    let next = match &outcome {
        Ok(Ok(id)) => Some(crate::paths::procedure(&espace_id, id)),
        _ => None,
    };
    return_plain_post(CreateProcedure::PATH, &outcome, &[], next).await;
    outcome
}

#[server(endpoint = "load_procedure")]
pub async fn load_procedure(
    espace_id: String,
    id: ProcedureId,
) -> Result<Answer<Procedure>, Fault> {
    use super::guard::*;
    use crate::domain::{error::Refusal, role::Permission};
    answer(async {
        let member = member_of(&espace_id, Permission::ViewEspace).await?;
        member
            .store()
            .procedures
            .get(member.espace_id(), &id)
            .await?
            .ok_or_else(|| Refusal::NotFound.into())
    })
    .await
}

/// The procedure as PDF in its own language, whoever reads it: its form (drafts too), or once
/// submitted its receipt. An address a plain link opens; anything the caller may not have is a
/// bare 404, as a document's download.
#[server(endpoint = "procedure_pdf", input = GetUrl, output = Streaming)]
pub async fn procedure_pdf(
    espace_id: String,
    id: ProcedureId,
    pdf: Pdf,
) -> Result<ByteStream<Fault>, Fault> {
    use super::{
        documents::ssr::{file_headers, not_found},
        guard::*,
    };
    use crate::{
        domain::{error::Refusal, procedure::definition, role::Permission},
        server::pdf,
    };
    let written = answer(async {
        let member = member_of(&espace_id, Permission::ViewEspace).await?;
        let services = services()?;
        let store = member.store();
        let found = store.procedures.get(member.espace_id(), &id).await?;
        let p = found.ok_or(Refusal::NotFound)?;
        let espace = store.espaces.profile(member.espace_id()).await?;
        let espace = espace.ok_or(Refusal::NotFound)?;
        let definition = definition(&p.kind).ok_or(Refusal::NotFound)?;
        let facts = pdf::Facts {
            portal: &services.config.portal_name,
            espace: &espace.name,
            now: services.clock.now(),
        };
        let bytes = match pdf {
            Pdf::Form => Some(pdf::form(&p, definition, &facts)),
            Pdf::Receipt => pdf::receipt(&p, definition, &facts),
        }
        .ok_or(Refusal::NotFound)?
        .map_err(fault)?;
        Ok((pdf::file_name(&p, definition, pdf), bytes))
    })
    .await?;
    let Ok((name, bytes)) = written else {
        return Ok(not_found());
    };
    file_headers(&name, "application/pdf", bytes.len() as u64);
    Ok(ByteStream::new(futures::stream::iter([Ok(bytes)])))
}

/// What an autosave answers: the new version, the problems of what was typed (kept anyway, so
/// nothing is lost), the attachments the procedure now holds by field (a document chosen from
/// the store is a copy from then on), and who saved when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub version: i64,
    pub problems: Vec<FieldError>,
    pub attached: Vec<(String, Document)>,
    pub by: String,
    pub at: Timestamp,
}

/// Saves what was typed (`content[<field>]`, the form's inputs by field name) over `version`,
/// the version the form started from. Wrong values are kept as typed and reported; a save
/// voids the signature. Refused without JavaScript (changed meanwhile), what was typed comes
/// back in the flash.
#[server(endpoint = "save_procedure")]
pub async fn save_procedure(
    espace_id: String,
    id: ProcedureId,
    version: i64,
    #[server(default)] content: Content,
) -> Result<Answer<Saved>, Fault> {
    use super::guard::*;
    use crate::domain::role::Permission;
    let outcome = answer(async {
        let member = member_of(&espace_id, Permission::EditProcedures).await?;
        let (procedure, definition) = procedure_of(&member, &id).await?;
        ssr::save(&member, &procedure, definition, version, &content).await
    })
    .await;
    let typed: Vec<(&str, &str)> = content
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    return_plain_post(SaveProcedure::PATH, &outcome, &typed, None).await;
    outcome
}

/// Adds a new file to the eSpace's documents and attaches it to a document field of the
/// procedure, in one step: a multipart form whose `espace_id`, `id` (the procedure) and
/// `field` come before its `file`. The rest of the form stays as last saved.
#[server(endpoint = "attach_new_document", input = MultipartFormData)]
pub async fn attach_new_document(data: MultipartData) -> Result<Answer<Saved>, Fault> {
    use super::{documents::ssr::fields_then_file, guard::*};
    // the field the file was for, so that a refusal comes back next to it
    let mut field = String::new();
    let outcome = answer(async {
        let (fields, file) = fields_then_file(data).await?;
        let text = |name: &str| fields.get(name).cloned().unwrap_or_default();
        field = text("field");
        ssr::attach_new(&text("espace_id"), &text("id").into(), &field, file).await
    })
    .await;
    return_plain_post(
        AttachNewDocument::PATH,
        &outcome,
        &[("field", &field)],
        None,
    )
    .await;
    outcome
}

/// Signs the procedure as it is at `version`, with the certificate of the session: it must be
/// complete and valid. The server records the SHA-256 of exactly what is signed.
#[server(endpoint = "sign_procedure")]
pub async fn sign_procedure(
    espace_id: String,
    id: ProcedureId,
    version: i64,
) -> Result<Answer<()>, Fault> {
    use super::guard::*;
    use crate::{
        domain::{
            error::Refusal,
            procedure::{Completeness, lifecycle::ProcedureRefusal},
            role::Permission,
        },
        server::db::Signing,
    };
    let outcome = answer(async {
        let member = member_of(&espace_id, Permission::SignProcedures).await?;
        let holder = member.holder();
        let (procedure, definition) = procedure_of(&member, &id).await?;
        if procedure.version != version {
            return Err(Refusal::Procedure(ProcedureRefusal::ChangedMeanwhile).into());
        }
        if let Some(principal) = &procedure.for_principal {
            mandated(&member, &principal.company, definition).await?;
        }
        let (_, problems) = definition.check(&procedure.content, Completeness::Complete);
        if !problems.is_empty() {
            return Err(Refusal::Invalid(problems).into());
        }
        let services = services()?;
        let name = crate::server::caller::Actor::from(holder).name;
        let digest = digest(&procedure);
        member
            .store()
            .procedures
            .sign(
                member.espace_id(),
                &id,
                &Signing {
                    version,
                    person_id: &holder.person_id,
                    name: &name,
                    certificate: holder.certificate.ssn.as_str(),
                    digest: &digest,
                },
                services.clock.now(),
            )
            .await?
            .map_err(Refusal::Procedure)?;
        Ok(())
    })
    .await;
    return_plain_post(SignProcedure::PATH, &outcome, &[], None).await;
    outcome
}

/// Submits a signed procedure; answers its reference. It is then read-only.
#[server(endpoint = "submit_procedure")]
pub async fn submit_procedure(espace_id: String, id: ProcedureId) -> Result<Answer<String>, Fault> {
    use super::guard::*;
    use crate::domain::{error::Refusal, role::Permission};
    let outcome = answer(async {
        let member = member_of(&espace_id, Permission::EditProcedures).await?;
        let holder = member.holder();
        let (procedure, definition) = procedure_of(&member, &id).await?;
        if let Some(principal) = &procedure.for_principal {
            mandated(&member, &principal.company, definition).await?;
        }
        let services = services()?;
        let by = crate::server::caller::Actor::from(holder);
        Ok(member
            .store()
            .procedures
            .submit(member.espace_id(), &id, &by, services.clock.now())
            .await?
            .map_err(Refusal::Procedure)?)
    })
    .await;
    return_plain_post(SubmitProcedure::PATH, &outcome, &[], None).await;
    outcome
}

/// A procedure of the eSpace with its catalogue definition.
#[cfg(feature = "ssr")]
async fn procedure_of(
    member: &crate::server::access::Member,
    id: &ProcedureId,
) -> Result<(Procedure, &'static crate::domain::procedure::Definition), super::guard::Failure> {
    use crate::domain::{error::Refusal, procedure};
    let procedure = member
        .store()
        .procedures
        .get(member.espace_id(), id)
        .await?
        .ok_or(Refusal::NotFound)?;
    let definition = procedure::definition(&procedure.kind).ok_or(Refusal::NotFound)?;
    Ok((procedure, definition))
}

/// Refuses unless the company has a live mandate to this eSpace for the definition's domain
/// that covers procedures: checked at every step, so a revoked or ended mandate stops work.
#[cfg(feature = "ssr")]
async fn mandated(
    member: &crate::server::access::Member,
    company: &CompanyId,
    definition: &crate::domain::procedure::Definition,
) -> Result<crate::domain::mandate::MandateScope, super::guard::Failure> {
    use crate::domain::{error::Refusal, procedure::lifecycle::ProcedureRefusal};
    let services = super::guard::services()?;
    let scope = member
        .store()
        .mandates
        .mandate_scope(
            member.espace_id(),
            company,
            definition.domain,
            services.clock.now(),
        )
        .await?;
    match scope {
        Some(scope) if scope.allows_procedures() => Ok(scope),
        _ => Err(Refusal::Procedure(ProcedureRefusal::NoMandate).into()),
    }
}

/// Whether the procedure may start, and what it starts with (issue 20): for a principal, under
/// a live mandate covering procedures, its authentic data if the mandate covers data too; for
/// the eSpace itself, if certified where the procedure asks it, its Signalétique and the
/// authentic data of the company it is certified for.
#[cfg(feature = "ssr")]
async fn starting_content(
    member: &crate::server::access::Member,
    principal: Option<&CompanyId>,
    definition: &crate::domain::procedure::Definition,
    profile: Option<&crate::domain::espace::EspaceProfile>,
    now: Timestamp,
) -> Result<
    (
        crate::domain::procedure::Content,
        crate::domain::procedure::prefill::Origins,
    ),
    super::guard::Failure,
> {
    use crate::domain::{
        business_data::consulted,
        error::Refusal,
        procedure::{
            lifecycle::ProcedureRefusal,
            prefill::{Known, prefilled},
        },
    };
    let store = member.store();
    let (profile, company) = match principal {
        Some(company) => {
            let scope = mandated(member, company, definition).await?;
            (None, scope.allows_data().then(|| company.clone()))
        }
        None => {
            let view = super::certifications::certifications_of(member, now).await?;
            if let Some(domain) = definition.certified_for
                && !view.certified_for(domain)
            {
                Err(Refusal::Procedure(ProcedureRefusal::NotCertified(domain)))?;
            }
            let own = consulted(&view).into_iter().find(|c| c.own);
            (profile, own.map(|c| c.national_id))
        }
    };
    let sources: Vec<_> = match company {
        Some(company) => store
            .authentic_sources
            .of_company(&company)
            .await?
            .into_iter()
            .map(|held| held.record)
            .collect(),
        None => Vec::new(),
    };
    Ok(prefilled(
        definition,
        Known {
            profile,
            sources: &sources,
        },
    ))
}

/// The SHA-256 (hex) of exactly what is signed: the procedure, for whom, in which language,
/// every value, and each attachment's own SHA-256 by field, as canonical JSON (fields in name
/// order).
#[cfg(feature = "ssr")]
fn digest(procedure: &Procedure) -> String {
    use sha2::{Digest, Sha256};
    let attachments: std::collections::BTreeMap<&str, &str> = procedure
        .content
        .keys()
        .filter_map(|field| Some((field.as_str(), procedure.attachment(field)?.sha256.as_str())))
        .collect();
    let signed = serde_json::json!({
        "id": procedure.id,
        "kind": procedure.kind,
        "for": procedure.for_principal.as_ref().map(|p| &p.company),
        "language": procedure.language.code(),
        "content": procedure.content,
        "attachments": attachments,
    });
    hex::encode(Sha256::digest(signed.to_string().as_bytes()))
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::{Saved, mandated, procedure_of};
    use crate::domain::id::{DocumentId, ProcedureId};
    use crate::{
        api::{documents, guard::*},
        domain::{
            document::Document,
            error::Refusal,
            procedure::{Completeness, Content, Definition, lifecycle::Procedure},
            role::Permission,
            validation::{FieldError, Problem},
        },
        server::{access::Member, caller::Actor},
    };

    /// Checks and saves `content` over `version`, attaching what document fields name.
    pub async fn save(
        member: &Member,
        procedure: &Procedure,
        definition: &'static Definition,
        version: i64,
        content: &Content,
    ) -> Result<Saved, Failure> {
        if let Some(principal) = &procedure.for_principal {
            mandated(member, &principal.company, definition).await?;
        }
        let (mut kept, mut problems) = definition.check(content, Completeness::Draft);
        let copied = attach(member, procedure, definition, &mut kept, &mut problems).await?;
        let services = services()?;
        let now = services.clock.now();
        let by = Actor::from(member.holder());
        let saved = member
            .store()
            .procedures
            .save(member.espace_id(), &procedure.id, version, &kept, &by, now)
            .await?;
        // the copies the procedure holds from now on: those its fields name once saved, or
        // named before if the save was refused; the others go
        let held = if saved.is_ok() {
            &kept
        } else {
            &procedure.content
        };
        let named = |copy: &Document| {
            definition
                .document_fields()
                .any(|f| held.get(&f.name).is_some_and(|id| copy.id == *id))
        };
        let (kept_copies, released): (Vec<Document>, Vec<Document>) = procedure
            .attachments
            .iter()
            .chain(&copied)
            .cloned()
            .partition(named);
        if !released.is_empty() {
            let ids: Vec<DocumentId> = released.into_iter().map(|d| d.id).collect();
            member
                .store()
                .documents
                .release(&procedure.id, &ids)
                .await?;
        }
        let version = saved.map_err(Refusal::Procedure)?;
        let attached = definition
            .document_fields()
            .filter_map(|f| {
                let id = kept.get(&f.name)?;
                let copy = kept_copies.iter().find(|d| &d.id == id)?;
                Some((f.name.clone(), copy.clone()))
            })
            .collect();
        Ok(Saved {
            version,
            problems,
            attached,
            by: by.name,
            at: now,
        })
    }

    /// Makes each document field of `kept` name a copy the procedure holds: a document chosen
    /// from the eSpace's store is copied into the procedure; one it holds already stays. A
    /// field whose document is not in the store (no longer, or never) is emptied, its problem
    /// added to `problems`. Answers the copies made.
    async fn attach(
        member: &Member,
        procedure: &Procedure,
        definition: &Definition,
        kept: &mut Content,
        problems: &mut Vec<FieldError>,
    ) -> Result<Vec<Document>, Failure> {
        let services = services()?;
        let mut copied = Vec::new();
        for field in definition.document_fields() {
            let Some(chosen) = kept
                .get(&field.name)
                .map(|id| DocumentId::from(id.as_str()))
            else {
                continue;
            };
            if procedure.attachments.iter().any(|d| d.id == chosen) {
                continue;
            }
            let copy = member
                .store()
                .documents
                .attach(
                    member.espace_id(),
                    &procedure.id,
                    &chosen,
                    &services.config.quotas,
                    services.clock.now(),
                )
                .await?
                .map_err(Refusal::Quota)?;
            match copy {
                Some(copy) => {
                    kept.insert(field.name.clone(), copy.id.to_string());
                    copied.push(copy);
                }
                None => {
                    kept.remove(&field.name);
                    problems.push(FieldError::new(&field.name, Problem::UnknownDocument));
                }
            }
        }
        Ok(copied)
    }

    /// `attach_new_document`: the file goes into the store as any added document, then the
    /// procedure's field names it, over the procedure's current version.
    pub async fn attach_new(
        espace_id: &str,
        id: &ProcedureId,
        field: &str,
        file: Option<documents::ssr::File>,
    ) -> Result<Saved, Failure> {
        let member = member_of(espace_id, Permission::EditProcedures).await?;
        let (procedure, definition) = procedure_of(&member, id).await?;
        if !definition.document_fields().any(|f| f.name == field) {
            return Err(Refusal::invalid("field", Problem::UnknownChoice).into());
        }
        if let Some(principal) = &procedure.for_principal {
            mandated(&member, &principal.company, definition).await?;
        }
        if !procedure.status.editable() {
            return Err(Refusal::Procedure(
                crate::domain::procedure::lifecycle::ProcedureRefusal::Submitted,
            )
            .into());
        }
        let document = documents::ssr::store(espace_id, file).await?;
        let mut content = procedure.content.clone();
        content.insert(field.to_owned(), document.id.to_string());
        save(&member, &procedure, definition, procedure.version, &content).await
    }
}
