//! Signalétique: the sections of help "Ajouter un utilisateur"'s screenshot, each value or "not
//! specified", and for administrators an "Éditer" button per field that turns it into a small form
//! in place.

mod field;
mod nace;

use super::{
    espace::{EspacePage, use_current_espace},
    flash::{flash_answer, typed},
};
use crate::{
    api::profile::EditProfile,
    domain::{
        profile::{ProfileField, SheetOpening},
        role::Permission,
    },
    i18n::*,
    text,
};
use field::FieldRow;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn IdentityTab() -> impl IntoView {
    view! { <EspacePage page=|| view! { <IdentitySheet/> }/> }
}

/// State shared by the rows of the sheet: the profile as stored, who may edit, and what the
/// page opened with (the field open, the one just saved).
#[derive(Clone, Copy)]
struct Sheet {
    profile: StoredValue<crate::domain::espace::EspaceProfile>,
    admin: bool,
    opening: StoredValue<SheetOpening>,
    /// The field whose "Éditer" has the focus: the one just saved or closed, as a person
    /// editing in place would expect.
    focused: Option<ProfileField>,
}

#[component]
fn IdentitySheet() -> impl IntoView {
    let i18n = use_i18n();
    let espace = use_current_espace();
    let query = use_query_map();
    let came_back = flash_answer::<EditProfile>().and_then(|answer| {
        Some((
            typed::<EditProfile>("field")?,
            typed::<EditProfile>("value")?,
            answer.ok()?,
        ))
    });
    let opening = query.with_untracked(|q| {
        SheetOpening::new(
            q.get_str("edit"),
            came_back
                .as_ref()
                .map(|(f, v, a)| (f.as_str(), v.clone(), a.clone())),
        )
    });
    let closed = query.with_untracked(|q| q.get_str("closed").and_then(ProfileField::from_code));
    let sheet = Sheet {
        profile: StoredValue::new(espace.profile.clone()),
        admin: espace.role.allows(Permission::ManageProfile),
        focused: opening.saved.or(closed),
        opening: StoredValue::new(opening),
    };
    provide_context(sheet);
    let confirmation = move || {
        sheet.opening.with_value(|o| o.saved).map(|field| {
            format!(
                "{} ({})",
                t_string!(i18n, profile.saved),
                text::profile_field(i18n.get_locale(), field)
            )
        })
    };
    let nace_label = move || {
        sheet.profile.with_value(|p| {
            p.nace.as_ref().map(|a| {
                a.labels
                    .get(text::language_of(i18n.get_locale()))
                    .to_owned()
            })
        })
    };
    let activity_log = format!("/espace/{}/profile/users/activity", espace.profile.id);
    view! {
        <p class="intro">{t!(i18n, profile.intro)}</p>
        <p role="status" class="banner ok" class:hidden=move || confirmation().is_none()>{confirmation}</p>
        <section class="sheet">
            <h2 id="heading-name">{t!(i18n, profile.name_section)}</h2>
            <dl><FieldRow field=ProfileField::Name heading=true/></dl>
        </section>
        <section class="sheet">
            <h2 id="heading-procedure_language">{t!(i18n, profile.language_section)}</h2>
            <dl><FieldRow field=ProfileField::ProcedureLanguage heading=true/></dl>
        </section>
        <section class="sheet">
            <h2>{t!(i18n, profile.identity_section)}</h2>
            <dl class="grid">
                <FieldRow field=ProfileField::Denomination/>
                <FieldRow field=ProfileField::TradeName/>
                <FieldRow field=ProfileField::Website/>
                <FieldRow field=ProfileField::NationalId/>
                <FieldRow field=ProfileField::VatNumber/>
                <FieldRow field=ProfileField::NaceCode/>
                <div class="field-row">
                    <dt>{t!(i18n, profile.nace_label)}</dt>
                    <dd class:not-specified=move || nace_label().is_none()>
                        {move || nace_label().unwrap_or_else(|| t_string!(i18n, profile.not_specified).to_string())}
                    </dd>
                </div>
                <FieldRow field=ProfileField::RcsNumber/>
            </dl>
        </section>
        {sheet.admin.then(|| view! {
            <p><a href=activity_log>{t!(i18n, profile.activity_log)}</a></p>
        })}
    }
}
