//! A procedure as PDF (help "Language used for procedures": "PDF forms are generated" in the
//! procedure language): its form, drafts included, and the receipt of its submission. Written in
//! the procedure's language whoever reads it, with krilla (a maintained, pure-Rust PDF writer: no
//! headless browser) and DejaVu Sans embedded (subset), which covers French and German (é è à ç ô ü
//! ö ä ß « » €). Lines are wrapped by the font's own advance widths, read with ttf-parser.

use crate::domain::timestamp::Timestamp;
use crate::{
    domain::procedure::{
        Definition, Pdf,
        lifecycle::{Procedure, ProcedureStatus},
    },
    i18n::*,
    text::{self, locale_of},
};
use krilla::{
    Document,
    geom::Point,
    metadata::Metadata,
    page::PageSettings,
    text::{Font, TextDirection},
};

/// A4, in points.
const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;
/// Where the page's footer line sits, above the bottom edge.
const FOOTER: f32 = 32.0;

#[derive(Debug, thiserror::Error)]
#[error("the PDF could not be written: {0}")]
pub struct PdfError(String);

/// What a PDF says besides the procedure: where it comes from and when it was made.
pub struct Facts<'a> {
    pub portal: &'a str,
    pub espace: &'a str,
    pub now: Timestamp,
}

/// The form with every field under its label, the attachments by name and SHA-256, and the
/// signature with the digest it covers; a draft says it is one.
pub fn form(p: &Procedure, definition: &Definition, facts: &Facts) -> Result<Vec<u8>, PdfError> {
    let locale = locale_of(p.language);
    let title = definition.title.get(p.language).to_owned();
    let mut blocks = header(p, &title, facts);
    blocks.push(Block::Heading(td_string!(locale, pdf.form).to_string()));
    for field in &definition.fields {
        let value = match p.attachment(&field.name) {
            Some(document) => td_string!(
                locale,
                procedures.attachment_sha,
                name = document.name.clone(),
                sha256 = document.sha256.clone()
            )
            .to_string(),
            None => match p.content.get(&field.name).filter(|v| !v.is_empty()) {
                Some(value) => definition.shown_value(field, value, p.language).to_owned(),
                None => td_string!(locale, profile.not_specified).to_string(),
            },
        };
        blocks.push(Block::Field {
            label: field.label.get(p.language).to_owned(),
            value,
        });
    }
    blocks.push(Block::Heading(
        td_string!(locale, procedures.signature).to_string(),
    ));
    blocks.extend(signature(p));
    let reference = p.reference.clone();
    write(&title, p, blocks, reference.as_deref(), facts)
}

/// The receipt of a submitted procedure: when it was received, under which reference, signed by
/// whom over which digest, with which attachments. `None` unless it is submitted.
pub fn receipt(
    p: &Procedure,
    definition: &Definition,
    facts: &Facts,
) -> Option<Result<Vec<u8>, PdfError>> {
    let ProcedureStatus::Submitted { at } = p.status else {
        return None;
    };
    let reference = p.reference.clone()?;
    let locale = locale_of(p.language);
    let title = definition.title.get(p.language).to_owned();
    let heading = td_string!(locale, pdf.receipt_title).to_string();
    let mut blocks = vec![
        Block::Title(heading.clone()),
        Block::Text(
            td_string!(
                locale,
                pdf.receipt_text,
                title = title.clone(),
                date = text::date_time(locale, at),
                reference = reference.clone()
            )
            .to_string(),
        ),
        Block::Text(td_string!(locale, pdf.espace, name = facts.espace.to_owned()).to_string()),
    ];
    blocks.extend(principal(p));
    blocks.extend(signature(p));
    if !p.attachments.is_empty() {
        blocks.push(Block::Heading(
            td_string!(locale, pdf.attachments).to_string(),
        ));
        for document in &p.attachments {
            blocks.push(Block::Text(
                td_string!(
                    locale,
                    procedures.attachment_sha,
                    name = document.name.clone(),
                    sha256 = document.sha256.clone()
                )
                .to_string(),
            ));
        }
    }
    Some(write(&heading, p, blocks, Some(&reference), facts))
}

/// The name a PDF downloads under: its reference (or title, for a draft) and what it is, in
/// the procedure's language.
pub fn file_name(p: &Procedure, definition: &Definition, pdf: Pdf) -> String {
    let locale = locale_of(p.language);
    let what = match pdf {
        Pdf::Form => td_string!(locale, pdf.form).to_string(),
        Pdf::Receipt => td_string!(locale, pdf.receipt_title).to_string(),
    };
    let whose = p
        .reference
        .clone()
        .unwrap_or_else(|| definition.title.get(p.language).to_owned());
    format!("{whose} - {what}.pdf")
}

/// The title, the eSpace, the principal and where the procedure stands.
fn header(p: &Procedure, title: &str, facts: &Facts) -> Vec<Block> {
    let locale = locale_of(p.language);
    let standing = match (&p.status, &p.reference) {
        (ProcedureStatus::Submitted { at }, Some(reference)) => td_string!(
            locale,
            pdf.submitted,
            reference = reference.clone(),
            date = text::date_time(locale, *at)
        )
        .to_string(),
        (ProcedureStatus::ToCorrect { .. }, reference) => td_string!(
            locale,
            pdf.to_correct,
            reference = reference.clone().unwrap_or_default()
        )
        .to_string(),
        _ => td_string!(locale, pdf.draft).to_string(),
    };
    let mut blocks = vec![
        Block::Title(title.to_owned()),
        Block::Text(td_string!(locale, pdf.espace, name = facts.espace.to_owned()).to_string()),
    ];
    blocks.extend(principal(p));
    blocks.push(Block::Text(standing));
    blocks
}

fn principal(p: &Procedure) -> Option<Block> {
    let principal = p.for_principal.as_ref()?;
    let name = principal
        .name
        .clone()
        .unwrap_or_else(|| principal.company.to_string());
    let locale = locale_of(p.language);
    Some(Block::Text(
        td_string!(locale, procedures.for_principal, name).to_string(),
    ))
}

fn signature(p: &Procedure) -> Vec<Block> {
    let locale = locale_of(p.language);
    match &p.signature {
        Some(s) => vec![
            Block::Text(
                td_string!(
                    locale,
                    pdf.signed_by,
                    name = s.signer.clone(),
                    ssn = s.certificate.clone(),
                    date = text::date_time(locale, s.at)
                )
                .to_string(),
            ),
            Block::Text(
                td_string!(locale, procedures.digest, digest = s.digest.clone()).to_string(),
            ),
        ],
        None => vec![Block::Text(
            td_string!(locale, procedures.not_signed).to_string(),
        )],
    }
}

/// What a PDF holds, top to bottom.
enum Block {
    Title(String),
    Heading(String),
    Field { label: String, value: String },
    Text(String),
}

/// A line set in one font and size, at its distance below the previous one.
struct Line {
    text: String,
    bold: bool,
    size: f32,
    advance: f32,
}

/// The fonts, with what line wrapping needs of them.
struct Fonts {
    regular: Font,
    bold: Font,
    regular_face: ttf_parser::Face<'static>,
    bold_face: ttf_parser::Face<'static>,
}

/// Read once per process: krilla hashes a font's whole data when it is loaded.
static FONTS: std::sync::LazyLock<Result<Fonts, String>> =
    std::sync::LazyLock::new(|| Fonts::load().map_err(|e| e.0));

impl Fonts {
    fn load() -> Result<Self, PdfError> {
        let (regular, bold) = (dejavu::sans::regular(), dejavu::sans::bold());
        let font = |bytes: &'static [u8]| {
            Font::new(bytes.into(), 0).ok_or_else(|| PdfError("the font does not load".into()))
        };
        let face = |bytes: &'static [u8]| {
            ttf_parser::Face::parse(bytes, 0).map_err(|e| PdfError(e.to_string()))
        };
        Ok(Self {
            regular: font(regular)?,
            bold: font(bold)?,
            regular_face: face(regular)?,
            bold_face: face(bold)?,
        })
    }

    /// How wide `text` is at `size`, in points.
    fn width(&self, text: &str, bold: bool, size: f32) -> f32 {
        let face = if bold {
            &self.bold_face
        } else {
            &self.regular_face
        };
        let units: u32 = text
            .chars()
            .map(|c| {
                face.glyph_index(c)
                    .and_then(|g| face.glyph_hor_advance(g))
                    .unwrap_or(face.units_per_em() / 2) as u32
            })
            .sum();
        units as f32 * size / face.units_per_em() as f32
    }

    /// `text` in lines no wider than the page's text, broken between words (a word too long
    /// for a line, such as a digest, between its characters); its own line breaks kept.
    fn wrap(&self, text: &str, bold: bool, size: f32) -> Vec<String> {
        let room = WIDTH - 2.0 * MARGIN;
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split(' ') {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, bold, size) <= room {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                for c in word.chars() {
                    line.push(c);
                    if self.width(&line, bold, size) > room {
                        line.pop();
                        lines.push(std::mem::replace(&mut line, c.to_string()));
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    fn lines(&self, blocks: &[Block]) -> Vec<Line> {
        let mut out = Vec::new();
        let mut push = |text: &str, bold: bool, size: f32, space_before: f32| {
            for (i, text) in self.wrap(text, bold, size).into_iter().enumerate() {
                let gap = if i == 0 { space_before } else { 0.0 };
                out.push(Line {
                    text,
                    bold,
                    size,
                    advance: gap + size * 1.35,
                });
            }
        };
        for block in blocks {
            match block {
                Block::Title(text) => push(text, true, 17.0, 0.0),
                Block::Heading(text) => push(text, true, 12.5, 14.0),
                Block::Field { label, value } => {
                    push(label, true, 9.5, 6.0);
                    push(value, false, 10.5, 0.0);
                }
                Block::Text(text) => push(text, false, 10.5, 5.0),
            }
        }
        out
    }
}

/// Sets the blocks on as many A4 pages as they need, each with a footer naming the procedure
/// and the page.
fn write(
    title: &str,
    p: &Procedure,
    blocks: Vec<Block>,
    reference: Option<&str>,
    facts: &Facts,
) -> Result<Vec<u8>, PdfError> {
    let fonts = FONTS.as_ref().map_err(|e| PdfError(e.clone()))?;
    let locale = locale_of(p.language);
    let mut pages: Vec<Vec<(f32, Line)>> = vec![Vec::new()];
    let mut y = MARGIN;
    for line in fonts.lines(&blocks) {
        if y + line.advance > HEIGHT - MARGIN && !pages.last().is_some_and(Vec::is_empty) {
            pages.push(Vec::new());
            y = MARGIN;
        }
        y += line.advance;
        if let Some(page) = pages.last_mut() {
            page.push((y, line));
        }
    }
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .language(p.language.code().to_owned())
            .creator(facts.portal.to_owned()),
    );
    let count = pages.len();
    for (number, lines) in pages.into_iter().enumerate() {
        let settings =
            PageSettings::from_wh(WIDTH, HEIGHT).ok_or_else(|| PdfError("no page size".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for (y, line) in lines {
            let font = if line.bold {
                fonts.bold.clone()
            } else {
                fonts.regular.clone()
            };
            surface.draw_text(
                Point::from_xy(MARGIN, y),
                font,
                line.size,
                &line.text,
                false,
                TextDirection::LeftToRight,
            );
        }
        let footer = td_string!(
            locale,
            pdf.footer,
            reference = reference.unwrap_or(title).to_owned(),
            page = number + 1,
            pages = count,
            date = text::date_time(locale, facts.now),
            portal = facts.portal.to_owned()
        )
        .to_string();
        surface.draw_text(
            Point::from_xy(MARGIN, HEIGHT - FOOTER),
            fonts.regular.clone(),
            8.0,
            &footer,
            false,
            TextDirection::LeftToRight,
        );
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| PdfError(e.to_string()))
}
