//! What a form posted without JavaScript (or before the WebAssembly has arrived) leaves for the
//! page the browser lands on next: the server function's answer and, for a form that must be
//! shown again, what was typed. It is kept in the session and shown once; nothing of it travels
//! in an address, so no name, email, SSN or code ends up in a history or a request log.

use serde::{Deserialize, Serialize, de::DeserializeOwned};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Flash {
    /// The path of the server function that answered: which form this is about.
    pub form: String,
    /// Its answer, `Result<Answer<T>, Fault>` as JSON: each page reads it as its form's type.
    pub answer: serde_json::Value,
    /// What was typed, by field name: given back when the form is refused, or when the form
    /// goes on in a next step (inviting's second step).
    pub typed: Vec<(String, String)>,
}

impl Flash {
    /// `answer`: the form's `Result<Answer<T>, Fault>`.
    pub fn new(form: &str, answer: &impl Serialize, typed: Vec<(String, String)>) -> Self {
        Self {
            form: form.to_owned(),
            answer: serde_json::to_value(answer).unwrap_or_default(),
            typed,
        }
    }

    /// The answer, if this flash is `form`'s, read as that form's `Result<Answer<T>, Fault>`.
    /// One that does not read so (a flash left by another version of the app) counts as none.
    pub fn answer<R: DeserializeOwned>(&self, form: &str) -> Option<R> {
        (self.form == form)
            .then(|| serde_json::from_value(self.answer.clone()).ok())
            .flatten()
    }

    /// What was typed in `field` of `form`.
    pub fn typed_in(&self, form: &str, field: &str) -> Option<String> {
        (self.form == form)
            .then(|| {
                self.typed
                    .iter()
                    .find(|(name, _)| name == field)
                    .map(|(_, value)| value.clone())
            })
            .flatten()
    }
}

/// The fields of a form worth giving back, as the flash keeps them.
pub fn typed(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        error::{Answer, Fault, Refusal},
        validation::Problem,
    };

    #[test]
    fn a_flash_gives_its_answer_and_what_was_typed_to_its_own_form_only() {
        let refused: Result<Answer<String>, Fault> =
            Ok(Err(Refusal::invalid("email", Problem::Required)));
        let flash = Flash::new(
            "/api/invite_member",
            &refused,
            typed(&[("email", "claire@é & ?"), ("ssn", "1234")]),
        );
        // through the session's JSON
        let flash: Flash = serde_json::from_str(&serde_json::to_string(&flash).unwrap()).unwrap();
        assert_eq!(
            flash.answer::<Result<Answer<String>, Fault>>("/api/invite_member"),
            Some(refused)
        );
        assert_eq!(
            flash.typed_in("/api/invite_member", "email").as_deref(),
            Some("claire@é & ?")
        );
        assert_eq!(
            flash.answer::<Result<Answer<String>, Fault>>("/api/bulk_invite"),
            None
        );
        assert_eq!(flash.typed_in("/api/bulk_invite", "email"), None);
        assert_eq!(flash.typed_in("/api/invite_member", "role"), None);
        let done = Flash::new("/api/x", &Ok::<Answer<u32>, Fault>(Ok(7)), Vec::new());
        // read as another type: nothing rather than a failure
        assert_eq!(done.answer::<Result<Answer<String>, Fault>>("/api/x"), None);
        assert_eq!(
            done.answer::<Result<Answer<u32>, Fault>>("/api/x"),
            Some(Ok(Ok(7)))
        );
    }
}
