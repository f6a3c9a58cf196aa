//! Uploads: format, size and pixel size by upload kind, from the metadata a
//! portal gives (the library never sees the file itself).

use serde::{Deserialize, Serialize};

use crate::error::{Code, Problem, Violations, echo};

const KIB: u64 = 1024;
const MIB: u64 = 1024 * 1024;

/// What an upload is for; each kind has its own rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum UploadKind {
    /// Henan certification: business licence (.jpg/.png, ≥ 400×200 px).
    HenanLicence,
    /// Henan certification: legal representative's ID, front (.jpg/.png, ≥ 400×200 px).
    HenanIdFront,
    /// Henan certification: legal representative's ID, back (.jpg/.png, ≥ 400×200 px).
    HenanIdBack,
    /// National registration: business licence (JPEG/JPG/PNG, ≤ 10 MB).
    NationalLicence,
    /// Product display image (jpeg/png/jpg/bmp, ≤ 2 MB).
    ProductImage,
    /// Customer case introduction document (pdf/png/jpg/jpeg/doc/docx/zip/mp4/ppt/pptx/bmp, ≤ 100 MB).
    CaseDocument,
    /// Expert photo (jpeg/jpg/png, < 2048 KB).
    ExpertPhoto,
}

/// The rules of one upload kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UploadRules {
    /// Allowed file extensions, lower case.
    pub formats: &'static [&'static str],
    /// Largest allowed size in bytes, if limited.
    pub max_bytes: Option<u64>,
    /// Whether `max_bytes` itself is allowed ("≤") or not ("<").
    pub max_inclusive: bool,
    /// Smallest pixel size (width, height), if limited.
    pub min_pixels: Option<(u32, u32)>,
}

impl UploadKind {
    /// The kind's rules. "M" in the manuals is read as MiB and "KB" as KiB.
    pub fn rules(self) -> UploadRules {
        const HENAN: UploadRules = UploadRules {
            formats: &["jpg", "png"],
            max_bytes: None,
            max_inclusive: true,
            min_pixels: Some((400, 200)),
        };
        match self {
            UploadKind::HenanLicence | UploadKind::HenanIdFront | UploadKind::HenanIdBack => HENAN,
            UploadKind::NationalLicence => UploadRules {
                formats: &["jpeg", "jpg", "png"],
                max_bytes: Some(10 * MIB),
                max_inclusive: true,
                min_pixels: None,
            },
            UploadKind::ProductImage => UploadRules {
                formats: &["jpeg", "png", "jpg", "bmp"],
                max_bytes: Some(2 * MIB),
                max_inclusive: true,
                min_pixels: None,
            },
            UploadKind::CaseDocument => UploadRules {
                formats: &[
                    "pdf", "png", "jpg", "jpeg", "doc", "docx", "zip", "mp4", "ppt", "pptx", "bmp",
                ],
                max_bytes: Some(100 * MIB),
                max_inclusive: true,
                min_pixels: None,
            },
            UploadKind::ExpertPhoto => UploadRules {
                formats: &["jpeg", "jpg", "png"],
                max_bytes: Some(2048 * KIB),
                max_inclusive: false,
                min_pixels: None,
            },
        }
    }
}

/// What a portal knows about an uploaded file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct UploadMeta {
    /// File name, with its extension.
    pub name: String,
    /// Size in bytes.
    pub size_bytes: u64,
    /// Width in pixels, for images.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height in pixels, for images.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
}

/// Checks an upload against its kind's rules; every violation at once.
pub fn validate_upload(kind: UploadKind, meta: &UploadMeta) -> Result<(), Violations> {
    Violations::result_of(check_upload(kind, meta, "upload"))
}

pub(crate) fn check_upload(kind: UploadKind, meta: &UploadMeta, field: &str) -> Vec<Problem> {
    let rules = kind.rules();
    let mut problems = Vec::new();
    let name_field = format!("{field}.name");
    let extension = meta
        .name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase());
    if meta.name.trim().is_empty() {
        problems.push(super::report::required(&name_field));
    } else if !extension
        .as_deref()
        .is_some_and(|e| rules.formats.contains(&e))
    {
        problems.push(
            Problem::new(
                Code::UploadFormat,
                Some(&name_field),
                format!(
                    "文件 `{}` 格式不支持，支持：{}",
                    echo(&meta.name),
                    crate::decode::words::listed(rules.formats, "、")
                ),
                format!(
                    "file `{}` is not of an allowed type: {}",
                    echo(&meta.name),
                    crate::decode::words::listed(rules.formats, ", ")
                ),
            )
            .with_detail(serde_json::json!({"allowed": rules.formats})),
        );
    }
    let size_field = format!("{field}.size_bytes");
    if meta.size_bytes == 0 {
        problems.push(Problem::new(
            Code::Range,
            Some(&size_field),
            "文件为空",
            "the file is empty",
        ));
    }
    if let Some(max) = rules.max_bytes {
        let too_big = if rules.max_inclusive {
            meta.size_bytes > max
        } else {
            meta.size_bytes >= max
        };
        if too_big {
            let (zh_rel, en_rel) = if rules.max_inclusive {
                ("不超过", "at most")
            } else {
                ("小于", "under")
            };
            problems.push(
                Problem::new(
                    Code::UploadTooLarge,
                    Some(&size_field),
                    format!("文件大小 {} 字节，应{zh_rel} {}", meta.size_bytes, size_text(max)),
                    format!("the file has {} bytes; it must be {en_rel} {}", meta.size_bytes, size_text(max)),
                )
                .with_detail(serde_json::json!({"max_bytes": max, "inclusive": rules.max_inclusive, "actual": meta.size_bytes})),
            );
        }
    }
    if let Some((min_w, min_h)) = rules.min_pixels {
        match (meta.width, meta.height) {
            (Some(w), Some(h)) => {
                if w < min_w || h < min_h {
                    problems.push(
                        Problem::new(
                            Code::UploadTooSmall,
                            Some(field),
                            format!("图片分辨率 {w}×{h}，应在 {min_w}×{min_h} 以上"),
                            format!("the image is {w}×{h} pixels; it must be at least {min_w}×{min_h}"),
                        )
                        .with_detail(serde_json::json!({"min_width": min_w, "min_height": min_h, "width": w, "height": h})),
                    );
                }
            }
            _ => problems.push(Problem::new(
                Code::UploadDimensionsMissing,
                Some(field),
                "需要提供图片的宽和高（像素）",
                "the image's width and height in pixels are needed",
            )),
        }
    }
    problems
}

fn size_text(bytes: u64) -> String {
    if bytes.is_multiple_of(MIB) {
        format!("{} MB", bytes / MIB)
    } else {
        format!("{} KB", bytes / KIB)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(name: &str, size: u64, dims: Option<(u32, u32)>) -> UploadMeta {
        UploadMeta {
            name: name.into(),
            size_bytes: size,
            width: dims.map(|d| d.0),
            height: dims.map(|d| d.1),
        }
    }

    fn codes(kind: UploadKind, m: &UploadMeta) -> Vec<Code> {
        check_upload(kind, m, "f")
            .into_iter()
            .map(|p| p.code)
            .collect()
    }

    #[test]
    fn henan_images() {
        assert!(
            codes(
                UploadKind::HenanLicence,
                &meta("a.JPG", 1, Some((400, 200)))
            )
            .is_empty()
        );
        assert_eq!(
            codes(
                UploadKind::HenanLicence,
                &meta("a.jpg", 1, Some((399, 200)))
            ),
            vec![Code::UploadTooSmall]
        );
        assert_eq!(
            codes(
                UploadKind::HenanIdFront,
                &meta("a.jpeg", 1, Some((800, 600)))
            ),
            vec![Code::UploadFormat]
        );
        assert_eq!(
            codes(UploadKind::HenanIdBack, &meta("a.png", 1, None)),
            vec![Code::UploadDimensionsMissing]
        );
    }

    #[test]
    fn size_limits() {
        assert!(codes(UploadKind::ProductImage, &meta("a.bmp", 2 * MIB, None)).is_empty());
        assert_eq!(
            codes(UploadKind::ProductImage, &meta("a.bmp", 2 * MIB + 1, None)),
            vec![Code::UploadTooLarge]
        );
        assert_eq!(
            codes(UploadKind::ExpertPhoto, &meta("a.png", 2048 * KIB, None)),
            vec![Code::UploadTooLarge]
        );
        assert!(
            codes(
                UploadKind::ExpertPhoto,
                &meta("a.png", 2048 * KIB - 1, None)
            )
            .is_empty()
        );
        assert!(
            codes(
                UploadKind::CaseDocument,
                &meta("case.pptx", 100 * MIB, None)
            )
            .is_empty()
        );
        assert_eq!(
            codes(UploadKind::NationalLicence, &meta("licence", 10, None)),
            vec![Code::UploadFormat]
        );
    }
}
