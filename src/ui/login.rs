//! The sign-in page: the button to present an authentication certificate (when certificate
//! sign-in is set up) with the reason a certificate was refused, and the demo login portal,
//! which stands in for the official one, lists the demo certificates and signs in with the one
//! chosen. The demo portal exists only when the configuration enables it.

use super::{
    answer::{Loading, answer_view},
    title::PageTitle,
};
use crate::text;
use crate::{
    api::session::{SignInChoices, SignInDemo, login_options},
    domain::certificate::{Certificate, SignInRefusal},
    i18n::*,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let options = Resource::new(|| (), |_| login_options());
    let query = use_query_map();
    let refused = move || {
        query
            .read()
            .get("refused")
            .and_then(|code| SignInRefusal::from_code(&code))
    };
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, login.page_title).to_string())/>
        <h1>{t!(i18n, login.page_title)}</h1>
        {move || refused().map(|refusal| view! {
            <section class="card alert" role="alert">
                <h2>{t!(i18n, login.refused_title)}</h2>
                <p>{move || text::sign_in_refusal(i18n.get_locale(), refusal)}</p>
            </section>
        })}
        <Suspense fallback=Loading>
            {move || options.get().map(|answer| answer_view(answer, |options: SignInChoices| view! {
                {options.certificate_link.map(|link| view! { <CertificateSignIn link again=refused().is_some()/> })}
                {(!options.demo.is_empty()).then(|| view! { <Portal certificates=options.demo/> })}
            }))}
        </Suspense>
    }
}

/// A link, not a form: the login listener asks for the certificate during the TLS handshake.
#[component]
fn CertificateSignIn(link: String, again: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <p>{t!(i18n, login.certificate_intro)}</p>
            <p>
                <a class="button" href=link>
                    {move || if again {
                        t_string!(i18n, login.try_again).to_string()
                    } else {
                        t_string!(i18n, login.certificate_sign_in).to_string()
                    }}
                </a>
            </p>
        </section>
    }
}

#[component]
fn Portal(certificates: Vec<Certificate>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="demo-portal">
            <h2 id="demo-portal">{t!(i18n, login.title)}</h2>
            <p>{t!(i18n, login.intro)}</p>
            <div class="table-scroll" tabindex="0"><table class="certificates">
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
            </table></div>
        </section>
    }
}
