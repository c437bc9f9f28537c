//! Mandates given: the principal's administrators open a live mandate's "Manage" panel to set
//! its end of use and scope, change the representative's codes, or revoke it (seed 001
//! §6.7.1). The representative's administrators are emailed of each change by the server.

use super::{Done, ListSection, Status, Until, use_tab};
use crate::{
    api::certifications::{SetMandateEnd, SetMandateScope, renew_mandate_codes, revoke_mandate},
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
        dialog::ConfirmDialog,
        espace::use_current_espace,
        form::{refused_fields, shown_problem},
    },
};
use leptos::{form::ActionForm, prelude::*};

#[component]
pub fn GivenTable(rows: Vec<Registration>, admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ListSection id="heading-given" is_empty=rows.is_empty()
            heading=move || t_string!(i18n, certifications.given).to_string()
            empty=move || t_string!(i18n, certifications.no_given).to_string()>
            <table>
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
            </table>
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
    let open = RwSignal::new(false);
    let panel_id = format!("manage-{}", row.id);
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
                        <button type="button" class="secondary" aria-expanded=move || open.get().to_string()
                            aria-controls=panel_id.clone() aria-label=manage_label.clone()
                            on:click=move |_| open.update(|o| *o = !*o)>
                            {t!(i18n, certifications.manage)}
                        </button>
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
    let value = RwSignal::new(until.map(day_of).unwrap_or_default());
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
            &refused_fields(save.value().get()),
            "end",
        )
    });
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(Ok(())))) {
            tab.changed(Done::EndSaved);
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
            <Failed answer=Signal::derive(move || save.value().get())/>
        </ActionForm>
    }
}

/// What the mandate covers: procedures, consultation of data, or both.
#[component]
fn ScopeForm(mandate: String, name: String, scope: MandateScope) -> impl IntoView {
    let i18n = use_i18n();
    let tab = use_tab();
    let save = ServerAction::<SetMandateScope>::new();
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(Ok(())))) {
            tab.changed(Done::ScopeSaved);
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
            <Failed answer=Signal::derive(move || save.value().get())/>
        </ActionForm>
    }
}

/// "Change the codes" and "Revoke", each after a confirmation naming the representative.
#[component]
fn CodeActions(
    mandate: String,
    name: String,
    domain: crate::domain::access_code::Domain,
) -> impl IntoView {
    let i18n = use_i18n();
    let tab = use_tab();
    let espace_id = use_current_espace().profile.id;
    let act = Action::new(move |done: &Done| {
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
    });
    let (confirm_renew, confirm_revoke) = (RwSignal::new(false), RwSignal::new(false));
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
    view! {
        <div class="actions">
            <button type="button" class="secondary" on:click=move |_| confirm_renew.set(true)>
                {t!(i18n, certifications.renew)}
            </button>
            <button type="button" class="secondary danger" on:click=move |_| confirm_revoke.set(true)>
                {t!(i18n, certifications.revoke)}
            </button>
        </div>
        <Failed answer=Signal::derive(move || act.value().get())/>
        <ConfirmDialog open=confirm_renew
            title=Signal::derive(renew_label)
            text=Signal::derive(renew_question)
            confirm=Signal::derive(move || t_string!(i18n, certifications.renew).to_string())
            on_confirm=Callback::new(move |_| { act.dispatch(Done::Renewed); })/>
        <ConfirmDialog open=confirm_revoke
            title=Signal::derive(revoke_label)
            text=Signal::derive(revoke_question)
            confirm=Signal::derive(move || t_string!(i18n, certifications.revoke).to_string())
            on_confirm=Callback::new(move |_| { act.dispatch(Done::Revoked); })/>
    }
}

/// A refusal or fault of a mandate change that is not about a field (e.g. revoked meanwhile).
#[component]
fn Failed(answer: Signal<Option<Result<Answer<()>, Fault>>>) -> impl IntoView {
    let i18n = use_i18n();
    move || failure(i18n.get_locale(), answer.get())
}
