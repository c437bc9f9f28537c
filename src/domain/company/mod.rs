//! A company's identification in Luxembourg, as the data sheet (Signalétique) holds it. Each
//! rule accepts what people actually type (spaces, dots, prefixes) and answers the normalised
//! form that is stored and shown; a normalised value always passes its rule again.

pub mod nace;
pub mod national_id;
pub mod rcs;
pub mod vat;
pub mod website;

/// The ASCII digits of `value` once the separators people type (spaces, dots, dashes) are
/// dropped; `None` when anything else is left.
fn digits_of(value: &str) -> Option<Vec<u8>> {
    value
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .map(|c| {
            c.to_digit(10)
                .filter(|_| c.is_ascii_digit())
                .map(|d| d as u8)
        })
        .collect()
}
