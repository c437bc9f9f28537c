//! "My profile", from the name menu: the names the certificate gives (read-only), the contact
//! details the person keeps themselves, the interface language (help "User language") and their
//! certificates with the one of this session marked.

use super::{
    answer::{Loading, alert, answer_view},
    flash::{field_value, flash_answer, page_flash, provide_island_flash},
    form::{TextField, refused_fields, shown_problem},
    title::PageTitle,
};
use crate::{
    api::{
        own_profile::{SaveContact, load_own_profile},
        session::SaveLanguage,
    },
    domain::{
        flash::Flash,
        language::Language,
        person::{Contact, OwnCertificate, OwnProfile},
        validation::Problem,
    },
    i18n::*,
    text,
};
use leptos::{prelude::*, server_fn::ServerFn};

#[component]
pub fn OwnProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let profile = Resource::new(|| (), |_| load_own_profile());
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, me.title).to_string())/>
        <section class="card">
            <h1>{t!(i18n, me.title)}</h1>
            <Suspense fallback=Loading>
                {move || profile.get().map(|answer| answer_view(answer, |p| view! { <OwnProfileView profile=p/> }))}
            </Suspense>
        </section>
    }
}

#[component]
fn OwnProfileView(profile: OwnProfile) -> impl IntoView {
    let i18n = use_i18n();
    let OwnProfile {
        given_name,
        family_name,
        contact,
        language,
        certificates,
    } = profile;
    view! {
        <section class="sheet">
            <h2>{t!(i18n, sheet.identity)}</h2>
            <dl class="grid">
                <div class="field-row"><dt>{t!(i18n, me.family_name)}</dt><dd>{family_name}</dd></div>
                <div class="field-row"><dt>{t!(i18n, me.given_name)}</dt><dd>{given_name}</dd></div>
            </dl>
            <p class="hint">{t!(i18n, me.names_from_certificate)}</p>
        </section>
        <ContactForm contact flash=page_flash()/>
        <LanguageChoice saved=language/>
        <Certificates certificates/>
    }
}

/// Posts as it does without JavaScript; in the browser it is checked as typed, and not posted
/// while the rule refuses.
#[island]
fn ContactForm(contact: Contact, flash: Option<Flash>) -> impl IntoView {
    provide_island_flash(flash);
    let i18n = use_i18n();
    let answer = flash_answer::<SaveContact>();
    // refused without JavaScript: what was typed comes back, not what is stored
    let refused = matches!(answer, Some(Ok(Err(_)) | Err(_)));
    let values = ContactValues::new(contact, |name, value| {
        field_value::<SaveContact>(refused, name, value)
    });
    let touched = RwSignal::new(false);
    let local_errors = move || {
        let [email, phone, mobile, fax, function] = values.typed();
        Contact::validate(&email, &phone, &mobile, &fax, &function)
            .err()
            .unwrap_or_default()
    };
    let server_errors = refused_fields(answer.clone());
    let problem = move |name: &'static str| {
        let server_errors = server_errors.clone();
        Signal::derive(move || shown_problem(touched.get(), &local_errors(), &server_errors, name))
    };
    let saved = matches!(answer, Some(Ok(Ok(()))));
    let failure = match answer {
        Some(Ok(Err(refusal))) => Some(text::refusal(i18n.get_locale_untracked(), &refusal)),
        Some(Err(fault)) => Some(text::fault(i18n.get_locale_untracked(), &fault)),
        _ => None,
    };
    view! {
        <section class="sheet">
            <h2>{t!(i18n, me.contact)}</h2>
            <p class="hint">{t!(i18n, me.contact_hint)}</p>
            <p role="status" class="banner ok" class:hidden=!saved>{t!(i18n, me.saved)}</p>
            {failure.map(alert)}
            <form method="post" action=SaveContact::url() novalidate=true on:input=move |_| touched.set(true)
                on:submit=move |ev| {
                    touched.set(true);
                    if !local_errors().is_empty() {
                        ev.prevent_default();
                    }
                }>
                <ContactFields values problem/>
                <div class="actions">
                    <button type="submit">{t!(i18n, common.save)}</button>
                </div>
            </form>
        </section>
    }
}

/// The values of a form's five contact fields, each starting from what is stored or from what
/// a refused post typed (`field` answers one by its name).
#[derive(Clone, Copy)]
pub struct ContactValues([RwSignal<String>; 5]);

impl ContactValues {
    pub fn new(contact: Contact, field: impl Fn(&str, Option<String>) -> RwSignal<String>) -> Self {
        Self([
            field("email", Some(contact.email)),
            field("phone", contact.phone),
            field("mobile", contact.mobile),
            field("fax", contact.fax),
            field("function", contact.function),
        ])
    }

    /// As typed: email, phone, mobile, fax, function.
    pub fn typed(self) -> [String; 5] {
        self.0.map(|value| value.get())
    }
}

/// The five contact fields of a person, as their own profile and an administrator's edit of
/// their data sheet show them; `problem` answers a field's problem by its name.
#[component]
pub fn ContactFields(
    values: ContactValues,
    problem: impl Fn(&'static str) -> Signal<Option<Problem>>,
    /// Someone else's details: the browser offers none of its own person's values.
    #[prop(optional)]
    someone_else: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = move |key: fn(leptos_i18n::I18nContext<Locale>) -> String| {
        Signal::derive(move || key(i18n))
    };
    let fill = move |token: &str| if someone_else { "off" } else { token }.to_owned();
    let ContactValues([email, phone, mobile, fax, function]) = values;
    view! {
        <TextField name="email" kind="email" autocomplete=fill("email") required=true value=email
            label=label(|i| t_string!(i, me.email).to_string()) problem=problem("email")/>
        <TextField name="phone" kind="tel" autocomplete=fill("work tel") value=phone
            label=label(|i| t_string!(i, sheet.phone).to_string()) problem=problem("phone")/>
        <TextField name="mobile" kind="tel" autocomplete=fill("mobile tel") value=mobile
            label=label(|i| t_string!(i, sheet.mobile).to_string()) problem=problem("mobile")/>
        <TextField name="fax" kind="tel" autocomplete=fill("fax tel") value=fax
            label=label(|i| t_string!(i, sheet.fax).to_string()) problem=problem("fax")/>
        <TextField name="function" autocomplete=fill("organization-title") value=function
            label=label(|i| t_string!(i, sheet.function).to_string()) problem=problem("function")/>
    }
}

/// The interface language, saved for the next sign-in. "Save" posts it; a choice does not
/// apply on its own, since moving through radio buttons with the arrow keys chooses each one.
#[component]
fn LanguageChoice(saved: Option<Language>) -> impl IntoView {
    let i18n = use_i18n();
    let current = saved.unwrap_or_else(|| text::language_of(i18n.get_locale_untracked()));
    view! {
        <section class="sheet">
            <form method="post" action=SaveLanguage::url()>
                <fieldset>
                    <legend><h2>{t!(i18n, me.language)}</h2></legend>
                    <p class="hint">{t!(i18n, me.language_hint)}</p>
                    {Language::ALL.into_iter().map(|language| view! {
                        <label class="choice" lang=language.code()>
                            <input type="radio" name="language" value=language.code()
                                checked=language == current/>
                            " "{language.endonym()}
                        </label>
                    }).collect_view()}
                </fieldset>
                <div class="actions"><button type="submit">{t!(i18n, me.save_language)}</button></div>
            </form>
        </section>
    }
}

#[component]
fn Certificates(certificates: Vec<OwnCertificate>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="sheet">
            <h2>{t!(i18n, me.certificates)}</h2>
            <div class="table-scroll" tabindex="0"><table>
                <thead><tr>
                    <th scope="col">{t!(i18n, me.product)}</th>
                    <th scope="col">{t!(i18n, me.ssn)}</th>
                    <th scope="col">{t!(i18n, me.validity)}</th>
                </tr></thead>
                <tbody>
                    {certificates.into_iter().map(|c| {
                        let product = c.certificate.product;
                        let in_use = c.in_use;
                        let ssn = c.certificate.ssn.to_string();
                        view! {
                            <tr class:in-use=in_use>
                                <td>
                                    {move || text::product(i18n.get_locale(), product)}
                                    {in_use.then(|| view! { <span class="badge">{t!(i18n, me.in_use)}</span> })}
                                </td>
                                <td class="ssn">{ssn}</td>
                                <td>{move || validity(i18n, &c)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
        </section>
    }
}

fn validity(i18n: leptos_i18n::I18nContext<Locale>, certificate: &OwnCertificate) -> String {
    let locale = i18n.get_locale();
    match certificate.valid_until {
        _ if certificate.revoked => t_string!(i18n, me.revoked).to_string(),
        None => t_string!(i18n, me.no_end).to_string(),
        Some(until) if certificate.expired => {
            t_string!(i18n, me.expired, date = text::date(locale, until)).to_string()
        }
        Some(until) => {
            t_string!(i18n, me.valid_until, date = text::date(locale, until)).to_string()
        }
    }
}
