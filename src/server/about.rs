//! The texts of the portal's own pages (`domain::about`), as the operator configures them in
//! `[espace.about]`; these defaults fit the demonstration portal.

use crate::domain::about::{AboutPage, AboutText, Translated};
use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct About {
    pub accessibility: Translated,
    pub privacy: Translated,
    pub legal: Translated,
    pub help: Translated,
    /// Where people write for help; shown on the help page.
    pub help_email: String,
    pub help_phone: Option<String>,
}

impl About {
    pub fn text(&self, page: AboutPage) -> AboutText {
        let (text, contact) = match page {
            AboutPage::Accessibility => (&self.accessibility, false),
            AboutPage::Privacy => (&self.privacy, false),
            AboutPage::Legal => (&self.legal, false),
            AboutPage::Help => (&self.help, true),
        };
        AboutText {
            text: text.clone(),
            email: contact.then(|| self.help_email.clone()),
            phone: contact.then(|| self.help_phone.clone()).flatten(),
        }
    }
}

impl Default for About {
    fn default() -> Self {
        Self {
            accessibility: Translated::new(
                "Ce portail vise la conformité au niveau AA des règles WCAG 2.2. Chaque page fonctionne sans JavaScript, au clavier et sur un écran de téléphone, et chaque formulaire signale ses erreurs à côté du champ concerné.\n\nSi vous rencontrez un obstacle, écrivez-nous à l'adresse indiquée sous « Aide et contact » : nous vous répondrons et vous proposerons une autre manière d'accomplir votre démarche.",
                "Dieses Portal strebt die Konformität mit Stufe AA der WCAG 2.2 an. Jede Seite funktioniert ohne JavaScript, mit der Tastatur und auf einem Telefonbildschirm, und jedes Formular zeigt Fehler direkt beim betroffenen Feld an.\n\nWenn Sie auf ein Hindernis stoßen, schreiben Sie uns an die unter „Hilfe und Kontakt“ angegebene Adresse: Wir antworten Ihnen und bieten Ihnen einen anderen Weg für Ihr Anliegen an.",
                "This portal aims to conform to level AA of WCAG 2.2. Every page works without JavaScript, with the keyboard and on a phone screen, and every form shows its errors next to the field concerned.\n\nIf you meet a barrier, write to the address under “Help and contact”: we will answer and offer you another way to complete your procedure.",
            ),
            privacy: Translated::new(
                "Le portail traite les données nécessaires à vos espaces professionnels : votre nom, le numéro SSN de votre certificat, vos coordonnées, et ce que vous et les membres de vos espaces y enregistrez. Elles ne servent qu'à ces espaces et aux démarches que vous y faites ; elles ne sont ni vendues ni utilisées à des fins publicitaires.\n\nLe portail ne dépose qu'un cookie de session et un cookie de langue, nécessaires à son fonctionnement. Pour exercer vos droits d'accès, de rectification ou d'effacement, écrivez à l'adresse indiquée sous « Aide et contact ».",
                "Das Portal verarbeitet die für Ihre Unternehmens-eSpaces nötigen Daten: Ihren Namen, die SSN-Nummer Ihres Zertifikats, Ihre Kontaktdaten und das, was Sie und die Mitglieder Ihrer eSpaces dort speichern. Sie dienen ausschließlich diesen eSpaces und den Verfahren, die Sie dort erledigen; sie werden weder verkauft noch zu Werbezwecken genutzt.\n\nDas Portal setzt nur ein Sitzungs- und ein Sprach-Cookie, die für seinen Betrieb nötig sind. Um Ihre Rechte auf Auskunft, Berichtigung oder Löschung auszuüben, schreiben Sie an die unter „Hilfe und Kontakt“ angegebene Adresse.",
                "The portal processes the data your business eSpaces need: your name, your certificate's SSN, your contact details, and what you and your eSpaces' members keep there. They serve only those eSpaces and the procedures you carry out there; they are neither sold nor used for advertising.\n\nThe portal sets only a session cookie and a language cookie, which it needs to work. To exercise your rights of access, rectification or erasure, write to the address under “Help and contact”.",
            ),
            legal: Translated::new(
                "Ce portail de démonstration est un logiciel libre publié sous la licence EUPL 1.2. Ce n'est pas un service officiel : les entreprises, les personnes et les démarches qu'il montre sont fictives.",
                "Dieses Demonstrationsportal ist freie Software unter der Lizenz EUPL 1.2. Es ist kein offizieller Dienst: Die gezeigten Unternehmen, Personen und Verfahren sind erfunden.",
                "This demonstration portal is free software published under the EUPL 1.2 licence. It is not an official service: the companies, people and procedures it shows are fictitious.",
            ),
            help: Translated::new(
                "Pour toute question sur vos espaces professionnels, vos utilisateurs, vos mandats ou vos démarches, contactez l'assistance. Le cas échéant, indiquez la référence affichée avec le message d'erreur : elle nous permet de retrouver ce qui s'est passé.",
                "Bei Fragen zu Ihren Unternehmens-eSpaces, Benutzern, Mandaten oder Verfahren wenden Sie sich an den Support. Geben Sie gegebenenfalls die mit der Fehlermeldung angezeigte Referenz an: So können wir nachvollziehen, was geschehen ist.",
                "For any question about your business eSpaces, users, mandates or procedures, contact support. Quote the reference shown with an error message, if any: it lets us find what happened.",
            ),
            help_email: "support@espace.example".into(),
            help_phone: None,
        }
    }
}
