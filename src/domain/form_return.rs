//! What a form posted without JavaScript comes back with, in the address of the page it was on:
//! what was done, or the fields the server refused with what was typed, so the page can say so
//! and nothing typed is lost. The server answers such posts with a redirect to that address.

use super::{
    error::Answer,
    validation::{FieldError, Problem, problem_of},
};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormReturn {
    /// What the form did (the page's own word for it), when it succeeded.
    pub done: Option<String>,
    /// Why the server refused fields, when it did.
    pub refused: Vec<FieldError>,
    /// What was typed, by field name, when refused.
    pub typed: Vec<(String, String)>,
}

impl FormReturn {
    /// After a plain post that did `done`, given the server's answer and what was typed.
    pub fn after<T>(done: &str, answer: &Answer<T>, typed: &[(&str, &str)]) -> Self {
        match answer {
            Ok(_) => Self {
                done: Some(done.to_owned()),
                ..Self::default()
            },
            Err(refusal) => Self {
                done: None,
                refused: refusal.field_errors().to_vec(),
                typed: typed
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
            },
        }
    }

    /// The query string (with its `?`, or empty).
    pub fn query(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(done) = &self.done {
            query.append_pair("done", done);
        }
        if !self.refused.is_empty()
            && let Ok(refused) = serde_json::to_string(&self.refused)
        {
            query.append_pair("refused", &refused);
        }
        for (name, value) in &self.typed {
            query.append_pair(&format!("typed.{name}"), value);
        }
        let query = query.finish();
        if query.is_empty() {
            query
        } else {
            format!("?{query}")
        }
    }

    /// Reads it back from the address's parameters.
    pub fn read(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut back = Self::default();
        for (name, value) in pairs {
            match name.as_str() {
                "done" => back.done = Some(value),
                "refused" => back.refused = serde_json::from_str(&value).unwrap_or_default(),
                _ => {
                    if let Some(field) = name.strip_prefix("typed.") {
                        back.typed.push((field.to_owned(), value));
                    }
                }
            }
        }
        back
    }

    /// What was typed in a field, if it came back.
    pub fn typed(&self, field: &str) -> Option<String> {
        self.typed
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, value)| value.clone())
    }

    pub fn problem(&self, field: &str) -> Option<Problem> {
        problem_of(&self.refused, field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{access_code::CodeRefusal, error::Refusal};

    fn round_trip(back: &FormReturn) -> FormReturn {
        let query = back.query();
        let pairs = form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()));
        FormReturn::read(pairs)
    }

    #[test]
    fn a_refused_form_comes_back_with_its_reasons_and_what_was_typed() {
        let answer: Answer<()> = Err(Refusal::Invalid(vec![FieldError::new(
            "code",
            Problem::Code(CodeRefusal::Used),
        )]));
        let back = FormReturn::after(
            "registered",
            &answer,
            &[("code", "abcd-éfgh & ?"), ("kind", "owner")],
        );
        assert_eq!(round_trip(&back), back);
        assert_eq!(back.problem("code"), Some(Problem::Code(CodeRefusal::Used)));
        assert_eq!(back.typed("code").as_deref(), Some("abcd-éfgh & ?"));
        assert_eq!(back.done, None);

        let done = FormReturn::after("registered", &Ok::<(), Refusal>(()), &[("code", "x")]);
        assert_eq!(done.query(), "?done=registered");
        assert_eq!(round_trip(&done), done);
        assert_eq!(FormReturn::default().query(), "");
        // a tampered address shows nothing rather than failing
        let tampered = FormReturn::read([("refused".to_owned(), "{nope".to_owned())]);
        assert!(tampered.refused.is_empty());
    }
}
