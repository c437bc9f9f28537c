//! Mandates given: the principal's administrators open a live mandate's "Manage" panel to set
//! its end of use and scope, change the representative's codes, or revoke it (seed 001
//! §6.7.1). The representative's administrators are emailed of each change by the server.

use super::{Done, ListSection, Status, Until, use_tab};
use crate::{
    api::certifications::{
        RenewMandateCodes, RevokeMandate, SetMandateEnd, SetMandateScope, renew_mandate_codes,
        revoke_mandate,
    },
    domain::{
        access_code::day_of,
        error::{Answer, Fault},
        mandate::{MandateScope, Registration, RegistrationStatus, end_of_use},
        validation::FieldError,
    },
    i18n::*,
    text,
    ui::{
        answer::failure,
        dialog::{ConfirmDialog, Opener},
        espace::use_current_espace,
        flash::{flash_answer, typed},
        form::{refused_fields, shown_problem},
    },
};
use leptos::{form::ActionForm, prelude::*, server_fn::ServerFn};
use leptos_router::hooks::{use_navigate, use_query_map};

/// What the plain post of `S` about this mandate came back with, if it was about this one.
fn came_back<S>(mandate: &str) -> Option<Result<Answer<()>, Fault>>
where
    S: ServerFn<Output = Answer<()>, Error = Fault>,
{
    (typed::<S>("mandate_id").as_deref() == Some(mandate))
        .then(flash_answer::<S>)
        .flatten()
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
            <td>{row.company.clone()}</td>
            <td>{move || text::mandate_scope(locale(), scope)}</td>
            <td class="nowrap">{move || text::date(locale(), row.since)}</td>
            <td class="nowrap"><Until until=row.until/></td>
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
                        <EndOfUseForm mandate=row.id.clone() name=name.clone() until=row.until/>
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
        <input type="hidden" name="espace_id" value=espace_id/>
        <input type="hidden" name="mandate_id" value=mandate/>
    }
}

/// The end of use: a day, not past, checked as typed and again on the server; empty for none.
#[component]
fn EndOfUseForm(mandate: String, name: String, until: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let tab = use_tab();
    let save = ServerAction::<SetMandateEnd>::new();
    let back = came_back::<SetMandateEnd>(&mandate);
    let value = RwSignal::new(match back {
        Some(Ok(Err(_))) => typed::<SetMandateEnd>("end").unwrap_or_default(),
        _ => until.map(day_of).unwrap_or_default(),
    });
    let back = StoredValue::new(back);
    let latest = move || save.value().get().or_else(|| back.get_value());
    let touched = RwSignal::new(false);
    let local_errors = move || match end_of_use(
        &value.get(),
        time::OffsetDateTime::now_utc().unix_timestamp(),
    ) {
        Ok(_) => Vec::new(),
        Err(problem) => vec![FieldError::new("end", problem)],
    };
    let problem = Signal::derive(move || {
        shown_problem(
            touched.get(),
            &local_errors(),
            &refused_fields(latest()),
            "end",
        )
    });
    let (navigate, path) = (use_navigate(), tab_path());
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(Ok(())))) {
            tab.changed(Done::EndSaved);
            // the panel closes, as after the form's plain post
            navigate(&path, Default::default());
        }
    });
    let label = move || t_string!(i18n, certifications.end_label, name = name.clone()).to_string();
    let error_id = format!("end-{mandate}-error");
    view! {
        <ActionForm action=save attr:class="mandate-form" attr:novalidate=true
            on:submit:capture=move |ev| {
                touched.set(true);
                if !local_errors().is_empty() {
                    ev.prevent_default();
                }
            }>
            <MandateFields mandate/>
            <label>
                <span>{label}</span>
                <input type="date" name="end"
                    aria-invalid=move || problem.get().is_some().to_string()
                    aria-describedby=error_id.clone()
                    value=value.get_untracked()
                    prop:value=move || value.get()
                    on:input=move |ev| { touched.set(true); value.set(event_target_value(&ev)); }/>
            </label>
            <button type="submit" class="secondary" disabled=move || save.pending().get()>
                {t!(i18n, certifications.set_end)}
            </button>
            <p class="field-error" id=error_id aria-live="polite">
                {move || problem.get().map(|p| text::problem(i18n.get_locale(), p))}
            </p>
            <Failed answer=Signal::derive(latest)/>
        </ActionForm>
    }
}

/// What the mandate covers: procedures, consultation of data, or both.
#[component]
fn ScopeForm(mandate: String, name: String, scope: MandateScope) -> impl IntoView {
    let i18n = use_i18n();
    let tab = use_tab();
    let save = ServerAction::<SetMandateScope>::new();
    let back = StoredValue::new(came_back::<SetMandateScope>(&mandate));
    let (navigate, path) = (use_navigate(), tab_path());
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(Ok(())))) {
            tab.changed(Done::ScopeSaved);
            navigate(&path, Default::default());
        }
    });
    let label =
        move || t_string!(i18n, certifications.scope_label, name = name.clone()).to_string();
    view! {
        <ActionForm action=save attr:class="mandate-form">
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
            <button type="submit" class="secondary" disabled=move || save.pending().get()>
                {t!(i18n, certifications.set_scope)}
            </button>
            <Failed answer=Signal::derive(move || save.value().get().or_else(|| back.get_value()))/>
        </ActionForm>
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
    let tab = use_tab();
    let query = use_query_map();
    let espace_id = use_current_espace().profile.id;
    let back = StoredValue::new(
        came_back::<RevokeMandate>(&mandate).or_else(|| came_back::<RenewMandateCodes>(&mandate)),
    );
    let act = {
        let mandate = mandate.clone();
        Action::new(move |done: &Done| {
            let (espace_id, mandate, done) = (espace_id.clone(), mandate.clone(), *done);
            async move {
                let answer = match done {
                    Done::Renewed => renew_mandate_codes(espace_id, mandate).await,
                    _ => revoke_mandate(espace_id, mandate).await,
                };
                if matches!(answer, Ok(Ok(()))) {
                    tab.changed(done);
                }
                answer
            }
        })
    };
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
                let (action, done, confirm): (&'static str, Done, Signal<String>) = if key
                    == "renew"
                {
                    (
                        RenewMandateCodes::url(),
                        Done::Renewed,
                        Signal::derive(move || t_string!(i18n, certifications.renew).to_string()),
                    )
                } else {
                    (
                        RevokeMandate::url(),
                        Done::Revoked,
                        Signal::derive(move || t_string!(i18n, certifications.revoke).to_string()),
                    )
                };
                let (mandate, path) = stored.get_value();
                view! {
                    <ConfirmDialog title text=question confirm action back=path
                        on_confirm=Callback::new(move |_| { act.dispatch(done); })>
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
        <Failed answer=Signal::derive(move || act.value().get().or_else(|| back.get_value()))/>
        {dialog("renew")}
        {dialog("revoke")}
    }
}

/// A refusal or fault of a mandate change that is not about a field (e.g. revoked meanwhile).
#[component]
fn Failed(answer: Signal<Option<Result<Answer<()>, Fault>>>) -> impl IntoView {
    let i18n = use_i18n();
    move || failure(i18n.get_locale(), answer.get())
}
