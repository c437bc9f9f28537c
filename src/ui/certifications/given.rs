//! Mandates given: the principal's administrators open a live mandate's "Manage" panel to set its
//! end of use and scope, change the representative's codes, or revoke it (help "Managing eSpaces"
//! §6.7.1). The representative's administrators are emailed of each change by the server.

use super::{ListSection, Status, Until};
use crate::domain::timestamp::Timestamp;
use crate::{
    api::certifications::{RenewMandateCodes, RevokeMandate, SetMandateEnd, SetMandateScope},
    domain::{
        calendar::day_of,
        error::{Answer, Fault},
        mandate::{EndsOfUse, MandateScope, Registration, RegistrationStatus, end_of_use},
        validation::FieldError,
    },
    i18n::*,
    text,
    ui::{
        answer::failure,
        dialog::{ConfirmDialog, Opener, closing},
        espace::use_current_espace,
        flash::{answer_about, typed},
        form::{bind_value, refused_fields, shown_problem},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

/// What the plain post of `S` about this mandate came back with, if it was about this one.
fn came_back<S>(mandate: &str) -> Option<Result<Answer<()>, Fault>>
where
    S: ServerFn<Output = Answer<()>, Error = Fault>,
{
    answer_about::<S>("mandate_id", mandate)
}

/// Whether a plain post about this mandate was refused: its panel then opens again, saying why.
fn refused_here(mandate: &str) -> bool {
    let refused =
        |answer: Option<Result<Answer<()>, Fault>>| matches!(answer, Some(Ok(Err(_)) | Err(_)));
    refused(came_back::<SetMandateEnd>(mandate))
        || refused(came_back::<SetMandateScope>(mandate))
        || refused(came_back::<RevokeMandate>(mandate))
        || refused(came_back::<RenewMandateCodes>(mandate))
}

/// The tab, where the mandates' openers and dialogs lead back to.
fn tab_path() -> String {
    crate::paths::certifications(&use_current_espace().profile.id)
}

#[component]
pub fn GivenTable(rows: Vec<Registration>, admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ListSection id="heading-given" is_empty=rows.is_empty()
            heading=move || t_string!(i18n, certifications.given).to_string()
            empty=move || t_string!(i18n, certifications.no_given).to_string()>
            <div class="table-scroll" tabindex="0"><table>
                <thead><tr>
                    <th scope="col">{t!(i18n, certifications.representative)}</th>
                    <th scope="col">{t!(i18n, certifications.domain)}</th>
                    <th scope="col">{t!(i18n, certifications.company)}</th>
                    <th scope="col">{t!(i18n, certifications.scope)}</th>
                    <th scope="col">{t!(i18n, certifications.since)}</th>
                    <th scope="col">{t!(i18n, certifications.until)}</th>
                    <th scope="col">{t!(i18n, certifications.status)}</th>
                    {admin.then(|| view! { <th scope="col"><span class="visually-hidden">{t!(i18n, certifications.actions)}</span></th> })}
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|row| view! { <GivenRow row admin/> }).collect_view()}
                </tbody>
            </table></div>
        </ListSection>
    }
}

/// Columns of the table, for the panel row that spans them.
const COLUMNS: u8 = 8;

#[component]
fn GivenRow(row: Registration, admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    let name = row.counterpart.clone().unwrap_or_default();
    let manageable = admin && row.status == RegistrationStatus::Active;
    // "Gérer" opens the panel through the address (`?manage=…`), so it opens without
    // JavaScript; it stays open under the confirmations it holds (`?revoke=…`, `?renew=…`)
    let query = use_query_map();
    let reopened = refused_here(&row.id);
    let open = {
        let id = row.id.clone();
        Memo::new(move |_| {
            let query = query.read();
            reopened
                || ["manage", "revoke", "renew"]
                    .iter()
                    .any(|key| query.get_str(key) == Some(id.as_str()))
        })
    };
    let manage_label = {
        let name = name.clone();
        move || t_string!(i18n, certifications.manage_for, name = name.clone()).to_string()
    };
    let (domain, scope) = (row.domain, row.scope);
    view! {
        <tr>
            <td>{name.clone()}</td>
            <td>{move || text::domain(locale(), domain)}</td>
            <td>{row.company.to_string()}</td>
            <td>{move || text::mandate_scope(locale(), scope)}</td>
            <td class="nowrap">{move || text::date(locale(), row.since)}</td>
            <td class="nowrap"><Until ends=row.ends/></td>
            <td><Status status=row.status/></td>
            {admin.then(|| view! {
                <td>
                    {manageable.then(|| view! {
                        <Opener path=tab_path() name="manage" value=row.id.clone() class="secondary"
                            label=Signal::derive(manage_label.clone()) expanded=open>
                            {t!(i18n, certifications.manage)}
                        </Opener>
                    })}
                </td>
            })}
        </tr>
        {manageable.then(|| view! {
            <tr id=format!("manage-{}", row.id) class="manage" class:hidden=move || !open.get()>
                <td colspan=COLUMNS>
                    <div role="group" aria-label=manage_label class="manage-panel">
                        {end_of_use_form(row.id.clone(), name.clone(), row.ends)}
                        <ScopeForm mandate=row.id.clone() name=name.clone() scope/>
                        <CodeActions mandate=row.id.clone() name domain=row.domain/>
                    </div>
                </td>
            </tr>
        })}
    }
}

/// The espace id and mandate id every change of a mandate posts.
#[component]
fn MandateFields(mandate: String) -> impl IntoView {
    let espace_id = use_current_espace().profile.id;
    view! {
        <input type="hidden" name="espace_id" value=espace_id.to_string()/>
        <input type="hidden" name="mandate_id" value=mandate/>
    }
}

/// The end of use form of a mandate, filled with its end, or with what was typed when the
/// server refused it.
fn end_of_use_form(mandate: String, name: String, ends: EndsOfUse) -> impl IntoView {
    let back = came_back::<SetMandateEnd>(&mandate);
    let value = match back {
        Some(Ok(Err(_))) => typed::<SetMandateEnd>("end").unwrap_or_default(),
        _ => ends.principal.map(day_of).unwrap_or_default(),
    };
    let espace_id = use_current_espace().profile.id;
    let administration = ends.administration;
    view! { <EndOfUseForm espace_id=espace_id.to_string() mandate name value administration back/> }
}

/// The end of use: a day, not past, checked as typed and again on the server; empty for none.
#[island]
fn EndOfUseForm(
    espace_id: String,
    mandate: String,
    name: String,
    value: String,
    /// The administration's end of use, which the principal's can only come before.
    administration: Option<Timestamp>,
    back: Option<Result<Answer<()>, Fault>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = RwSignal::new(value);
    let input = NodeRef::<leptos::html::Input>::new();
    bind_value(input, value);
    let refused = refused_fields(back.clone());
    let touched = RwSignal::new(false);
    let local_errors = move || match end_of_use(
        &value.get(),
        Timestamp::from_unix(time::OffsetDateTime::now_utc().unix_timestamp()),
        administration,
    ) {
        Ok(_) => Vec::new(),
        Err(problem) => vec![FieldError::new("end", problem)],
    };
    let problem =
        Signal::derive(move || shown_problem(touched.get(), &local_errors(), &refused, "end"));
    let label = move || t_string!(i18n, certifications.end_label, name = name.clone()).to_string();
    let error_id = format!("end-{mandate}-error");
    view! {
        <form method="post" action=SetMandateEnd::url() class="mandate-form" novalidate=true
            on:submit=move |ev| {
                touched.set(true);
                if !local_errors().is_empty() {
                    ev.prevent_default();
                }
            }>
            <input type="hidden" name="espace_id" value=espace_id/>
            <input type="hidden" name="mandate_id" value=mandate/>
            <label>
                <span>{label}</span>
                <input type="date" name="end"
                    aria-invalid=move || problem.get().is_some().to_string()
                    aria-describedby=error_id.clone()
                    value=value.get_untracked() node_ref=input
                    on:input=move |ev| { touched.set(true); value.set(event_target_value(&ev)); }/>
            </label>
            <button type="submit" class="secondary">{t!(i18n, certifications.set_end)}</button>
            {administration.map(|end| view! {
                <p class="hint">{move || t_string!(i18n, certifications.administration_end, date = text::date(i18n.get_locale(), end)).to_string()}</p>
            })}
            <p class="field-error" id=error_id aria-live="polite">
                {move || problem.get().map(|p| text::problem(i18n.get_locale(), p))}
            </p>
            {failure(i18n.get_locale_untracked(), back)}
        </form>
    }
}

/// What the mandate covers: procedures, consultation of data, or both.
#[component]
fn ScopeForm(mandate: String, name: String, scope: MandateScope) -> impl IntoView {
    let i18n = use_i18n();
    let back = came_back::<SetMandateScope>(&mandate);
    let label =
        move || t_string!(i18n, certifications.scope_label, name = name.clone()).to_string();
    view! {
        <form method="post" action=SetMandateScope::url() class="mandate-form">
            <MandateFields mandate/>
            <label>
                <span>{label}</span>
                <select name="scope">
                    {MandateScope::ALL.into_iter().map(|option| view! {
                        <option value=option.code() selected=option == scope>
                            {move || text::mandate_scope(i18n.get_locale(), option)}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <button type="submit" class="secondary">{t!(i18n, certifications.set_scope)}</button>
            <Failed answer=back/>
        </form>
    }
}

/// "Change the codes" and "Revoke", each after a confirmation naming the representative, which
/// the address opens (`?renew=…`, `?revoke=…`) and whose form makes the change.
#[component]
fn CodeActions(
    mandate: String,
    name: String,
    domain: crate::domain::access_code::Domain,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let back =
        came_back::<RevokeMandate>(&mandate).or_else(|| came_back::<RenewMandateCodes>(&mandate));
    let named = move |key: fn(leptos_i18n::I18nContext<Locale>, &str, &str) -> String| {
        let name = name.clone();
        move || key(i18n, &name, &text::domain(i18n.get_locale(), domain))
    };
    let renew_label = named(|i18n, name, _| {
        t_string!(i18n, certifications.renew_for, name = name.to_owned()).to_string()
    });
    let renew_question = named(|i18n, name, domain| {
        t_string!(
            i18n,
            certifications.confirm_renew,
            name = name.to_owned(),
            domain = domain.to_owned()
        )
        .to_string()
    });
    let revoke_label = named(|i18n, name, _| {
        t_string!(i18n, certifications.revoke_for, name = name.to_owned()).to_string()
    });
    let revoke_question = named(|i18n, name, domain| {
        t_string!(
            i18n,
            certifications.confirm_revoke,
            name = name.to_owned(),
            domain = domain.to_owned()
        )
        .to_string()
    });
    let stored = StoredValue::new((mandate.clone(), tab_path()));
    let asked = move |key: &str| {
        stored.with_value(|(mandate, _)| query.read().get_str(key) == Some(mandate.as_str()))
    };
    let dialog = move |key: &'static str| {
        let (title, question): (Signal<String>, Signal<String>) = if key == "renew" {
            (
                Signal::derive(renew_label.clone()),
                Signal::derive(renew_question.clone()),
            )
        } else {
            (
                Signal::derive(revoke_label.clone()),
                Signal::derive(revoke_question.clone()),
            )
        };
        move || {
            asked(key).then(|| {
                let (action, confirm): (&'static str, Signal<String>) = if key == "renew" {
                    (
                        RenewMandateCodes::url(),
                        Signal::derive(move || t_string!(i18n, certifications.renew).to_string()),
                    )
                } else {
                    (
                        RevokeMandate::url(),
                        Signal::derive(move || t_string!(i18n, certifications.revoke).to_string()),
                    )
                };
                let (mandate, path) = stored.get_value();
                view! {
                    // back in the mandate's panel, on the button that asked
                    <ConfirmDialog title text=question confirm action
                        back=closing(&format!("{path}?manage={mandate}"), key, &mandate)>
                        <MandateFields mandate/>
                    </ConfirmDialog>
                }
            })
        }
    };
    let path = tab_path();
    view! {
        <div class="actions">
            <Opener path=path.clone() name="renew" value=mandate.clone() class="secondary">
                {t!(i18n, certifications.renew)}
            </Opener>
            <Opener path=path name="revoke" value=mandate.clone() class="secondary danger">
                {t!(i18n, certifications.revoke)}
            </Opener>
        </div>
        <Failed answer=back/>
        {dialog("renew")}
        {dialog("revoke")}
    }
}

/// A refusal or fault of a mandate change that is not about a field (e.g. revoked meanwhile).
#[component]
fn Failed(answer: Option<Result<Answer<()>, Fault>>) -> impl IntoView {
    let i18n = use_i18n();
    failure(i18n.get_locale_untracked(), answer)
}
