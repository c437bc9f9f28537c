//! The demo login portal: stands in for the official one, lists the demo certificates and
//! signs in with the one chosen. It exists only when the configuration enables it.

use super::{
    answer::{Loading, answer_view},
    title::PageTitle,
};
use crate::text;
use crate::{
    api::session::{SignInDemo, demo_certificates},
    domain::certificate::Certificate,
    i18n::*,
};
use leptos::{prelude::*, server_fn::ServerFn};

#[component]
pub fn LoginPage() -> impl IntoView {
    let certificates = Resource::new(|| (), |_| demo_certificates());
    view! {
        <Suspense fallback=Loading>
            {move || certificates.get().map(|answer| answer_view(answer, |list| view! { <Portal certificates=list/> }))}
        </Suspense>
    }
}

#[component]
fn Portal(certificates: Vec<Certificate>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, login.title).to_string())/>
        <section class="card">
            <h1>{t!(i18n, login.title)}</h1>
            <p>{t!(i18n, login.intro)}</p>
            <table class="certificates">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, login.holder)}</th>
                        <th scope="col">{t!(i18n, login.product)}</th>
                        <th scope="col">{t!(i18n, login.ssn)}</th>
                        <th scope="col"><span class="visually-hidden">{t!(i18n, login.action)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {certificates.into_iter().map(|c| {
                        let holder = format!("{} {}", c.holder_given_name, c.holder_family_name);
                        let ssn = c.ssn.to_string();
                        let product = c.product;
                        let label = {
                            let (holder, ssn) = (holder.clone(), ssn.clone());
                            move || t_string!(i18n, login.sign_in_as, holder = holder.clone(), ssn = ssn.clone()).to_string()
                        };
                        view! {
                            <tr>
                                <th scope="row">{holder}</th>
                                <td>{move || text::product(i18n.get_locale(), product)}</td>
                                <td class="ssn">{ssn.clone()}</td>
                                <td>
                                    // a plain post: signing in starts a fresh page with the new session
                                    <form method="post" action=SignInDemo::url()>
                                        <input type="hidden" name="ssn" value=ssn/>
                                        <button type="submit" aria-label=label>{t!(i18n, login.sign_in_with)}</button>
                                    </form>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
