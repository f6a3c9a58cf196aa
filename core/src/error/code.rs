//! The stable error codes: one table, so the enum, its text form and the list
//! of all codes can never disagree.

use serde::{Deserialize, Serialize};

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal, )*) => {
        /// A stable, machine-readable error code.
        ///
        /// Codes are part of the public contract: they never change meaning and
        /// are never reused. Their text form (`money.too_many_decimals`) is what
        /// crosses JSON, the bindings and the `huiqi` command.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* #[serde(rename = $text)] $variant, )*
        }

        // Every code as a TypeScript string type, for the WASM package's
        // declarations (the derive-free twin of the enum above).
        #[cfg(feature = "wasm")]
        #[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
        const CODE_TYPESCRIPT: &str = concat!(
            "/** A stable, machine-readable error code: part of the public contract. */\nexport type Code =",
            $(" | \"", $text, "\"",)*
            ";\n"
        );

        impl Code {
            /// Every code, in table order.
            pub const ALL: &'static [Code] = &[ $(Code::$variant,)* ];

            /// The code's stable text form.
            pub const fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }

            /// Looks a code up by its text form.
            pub fn from_text(text: &str) -> Option<Code> {
                match text { $($text => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    // --- failures inside the library ---
    /// Something failed inside the library: a bug, reported instead of a crash.
    Internal = "internal.error",

    // --- requests and the call API ---
    /// The operation name is not known.
    UnknownOperation = "request.unknown_operation",
    /// The request is not valid JSON.
    MalformedJson = "request.malformed_json",
    /// The request JSON does not have the expected shape.
    InvalidRequest = "request.invalid",
    /// A float where an exact number goes: in a binding, a float for money,
    /// fen, a count, a seed or an instant (or a bool as an amount or fen on
    /// its own); in JSON, a number with a decimal point or an exponent
    /// where a whole number goes. A binary float cannot hold ¥0.10 exactly.
    /// In Python it is also a `TypeError`.
    InexactNumber = "request.inexact_number",
    /// A key appears twice in one object of the request.
    DuplicateKey = "request.duplicate_key",
    /// A list, a text or the work asked for is beyond the library's limits.
    TooLarge = "request.too_large",
    /// More problems than one answer lists; this one says how many more.
    Truncated = "request.truncated",
    /// A date could not be read.
    InvalidDate = "request.invalid_date",
    /// A date-time could not be read.
    InvalidDateTime = "request.invalid_datetime",

    // --- money ---
    /// An amount was empty.
    MoneyEmpty = "money.empty",
    /// An amount could not be read.
    MoneyInvalid = "money.invalid",
    /// An amount has more than two decimals.
    MoneyTooManyDecimals = "money.too_many_decimals",
    /// An amount is negative where that is not allowed.
    MoneyNegative = "money.negative",
    /// An amount or a result is larger than the library supports.
    MoneyOverflow = "money.overflow",
    /// Money was given as a JSON number instead of a string.
    MoneyNotString = "money.not_a_string",
    /// A ratio could not be read or is outside 0–100%.
    RatioInvalid = "money.invalid_ratio",
    /// A rounding rule name is not known.
    RoundingUnknown = "money.unknown_rounding",
    /// Allocation over no lines.
    AllocationNoLines = "allocation.no_lines",
    /// Allocation of a non-zero amount over lines whose weights are all zero.
    AllocationZeroWeights = "allocation.zero_weights",
    /// A decimal quantity (万元, 亿元, …) could not be read or has too many decimals.
    DecimalInvalid = "decimal.invalid",

    // --- subsidy policies ---
    /// A policy document could not be parsed (syntax).
    PolicySyntax = "policy.syntax",
    /// A policy document has an unknown, misplaced, missing or mistyped key.
    PolicySchema = "policy.schema",
    /// A policy's values contradict each other.
    PolicyInconsistent = "policy.inconsistent",
    /// No preset of that name ships with the library.
    PolicyUnknownPreset = "policy.unknown_preset",
    /// Two versions of a policy start on the same day.
    PolicyAmbiguous = "policy.ambiguous",
    /// No policy is in force on the date.
    PolicyNoneInForce = "policy.none_in_force",
    /// No policy at all was given (an empty list of versions).
    PolicyEmpty = "policy.empty",

    // --- subsidy eligibility (reasons an order gets no subsidy) ---
    /// The policy is not in force on the order date.
    SubsidyNotInForce = "subsidy.not_in_force",
    /// The enterprise is not certified.
    SubsidyNotCertified = "subsidy.not_certified",
    /// The enterprise has not claimed its subsidy eligibility.
    SubsidyNotClaimed = "subsidy.not_claimed",
    /// The enterprise declined its subsidy eligibility for good.
    SubsidyDeclined = "subsidy.declined",
    /// The enterprise's region is not covered by the policy.
    SubsidyRegion = "subsidy.region_not_eligible",
    /// The category is not covered by the policy.
    SubsidyCategory = "subsidy.category_not_eligible",
    /// The provider is not covered by the policy.
    SubsidyProvider = "subsidy.provider_not_eligible",

    // --- vouchers, campaigns, checkout ---
    /// A voucher's figures are impossible (balance above face value, …).
    VoucherInconsistent = "voucher.inconsistent",
    /// The voucher is not valid yet.
    VoucherNotYetValid = "voucher.not_yet_valid",
    /// The voucher has expired.
    VoucherExpired = "voucher.expired",
    /// The voucher's status does not allow payment.
    VoucherNotActive = "voucher.not_active",
    /// The voucher has no balance left.
    VoucherNoBalance = "voucher.no_balance",
    /// A deduction takes more than the voucher's balance.
    VoucherInsufficientBalance = "voucher.insufficient_balance",
    /// No line of the order is in the voucher's scope.
    VoucherOutOfScope = "voucher.out_of_scope",
    /// A voucher is not among the enterprise's vouchers.
    VoucherUnknown = "voucher.unknown",
    /// A voucher number appears twice: in the enterprise's vouchers, or
    /// among those selected.
    VoucherDuplicate = "voucher.duplicate",
    /// A restore would push a balance above the face value or does not match.
    VoucherRestoreMismatch = "voucher.restore_mismatch",
    /// An order has no lines.
    CheckoutNoLines = "checkout.no_lines",
    /// Two order lines share one id.
    CheckoutDuplicateLine = "checkout.duplicate_line",
    /// A line's quantity is zero.
    CheckoutBadQuantity = "checkout.bad_quantity",
    /// Too many lines in one order.
    CheckoutTooManyLines = "checkout.too_many_lines",
    /// Too many vouchers in one checkout.
    CheckoutTooManyVouchers = "checkout.too_many_vouchers",
    /// The campaign is not listed.
    CampaignNotListed = "campaign.not_listed",
    /// The campaign has not started.
    CampaignNotStarted = "campaign.not_started",
    /// The campaign has ended.
    CampaignEnded = "campaign.ended",
    /// The campaign's stock is gone.
    CampaignOutOfStock = "campaign.out_of_stock",
    /// The enterprise has reached the campaign's per-enterprise limit.
    CampaignLimitReached = "campaign.limit_reached",
    /// Only certified enterprises may apply or grab.
    CampaignNotCertified = "campaign.not_certified",
    /// The campaign's own figures are impossible.
    CampaignInconsistent = "campaign.inconsistent",
    /// The vouchers a campaign issues have expired: no grab is granted.
    CampaignVoucherExpired = "campaign.voucher_expired",

    // --- field validation ---
    /// A required field is missing or blank.
    Required = "field.required",
    /// A field is too short or too long.
    Length = "field.length",
    /// A field holds characters it may not hold.
    Charset = "field.charset",
    /// A field does not have the required format.
    Format = "field.format",
    /// A number is outside its allowed range.
    Range = "field.range",
    /// A list has too few or too many items.
    Count = "field.count",
    /// A list holds the same item twice.
    DuplicateItem = "field.duplicate",
    /// Two fields contradict each other.
    Mismatch = "field.mismatch",
    /// A choice is not among the allowed values.
    Choice = "field.choice",
    /// The USCC check character is wrong.
    UsccCheckCharacter = "uscc.check_character",
    /// The USCC registration authority code is not known.
    UsccAuthority = "uscc.authority",
    /// The USCC entity type is not known for its authority.
    UsccEntityType = "uscc.entity_type",
    /// The USCC region code is not a known province-level code.
    UsccRegion = "uscc.region",
    /// The organisation code inside the USCC has a wrong check character.
    UsccOrganizationCode = "uscc.organization_code",
    /// The resident ID number's check character is wrong.
    IdCheckCharacter = "id.check_character",
    /// The birth date inside the resident ID number is not a real date.
    IdBirthDate = "id.birth_date",
    /// The region code inside the resident ID number is not a known province.
    IdRegion = "id.region",
    /// The file type is not allowed for this kind of upload.
    UploadFormat = "upload.format",
    /// The file is too large.
    UploadTooLarge = "upload.too_large",
    /// The image is smaller than the minimum pixel size.
    UploadTooSmall = "upload.too_small",
    /// The image's pixel size was not given but is needed.
    UploadDimensionsMissing = "upload.dimensions_missing",

    // --- passwords ---
    /// The password is too short or too long.
    PasswordLength = "password.length",
    /// The password holds characters the policy does not allow.
    PasswordCharset = "password.charset",
    /// The password mixes too few character classes.
    PasswordClasses = "password.classes",
    /// The password lacks a character class the policy requires.
    PasswordRequiredClass = "password.required_class",
    /// The password contains the username.
    PasswordContainsUsername = "password.contains_username",
    /// The password contains the mobile number.
    PasswordContainsMobile = "password.contains_mobile",
    /// The password contains the email address or its local part.
    PasswordContainsEmail = "password.contains_email",
    /// The password equals the current password.
    PasswordSameAsCurrent = "password.same_as_current",
    /// The password equals a recent password.
    PasswordInHistory = "password.in_history",
    /// The password is on the list of common passwords.
    PasswordCommon = "password.common",
    /// The password and its confirmation differ.
    PasswordConfirmation = "password.confirmation",
    /// A stored password hash is not a valid argon2 PHC string.
    PasswordBadHash = "password.bad_hash",
    /// A hash's cost is beyond what the library allows.
    PasswordCostTooHigh = "password.cost_too_high",
    /// Hashing failed.
    PasswordHashing = "password.hashing",
    /// A password policy document is invalid.
    PasswordPolicyInvalid = "password.policy_invalid",
    /// No password preset of that name exists.
    PasswordUnknownPreset = "password.unknown_preset",

    // --- approval routes and applications ---
    /// A route document could not be parsed (syntax).
    RouteSyntax = "route.syntax",
    /// A route document has an unknown, missing or mistyped key.
    RouteSchema = "route.schema",
    /// Some applications match no branch of the route (a gap in its conditions).
    RouteGap = "route.gap",
    /// Some applications match two branches of the route (an overlap).
    RouteOverlap = "route.overlap",
    /// A branch or stage of the route can never be reached.
    RouteUnreachable = "route.unreachable",
    /// A stage names approvers that can never be resolved.
    RouteUnresolvable = "route.unresolvable",
    /// A stage returns to a stage that is not before it.
    RouteReturnTarget = "route.return_target",
    /// A route's settings contradict each other.
    RouteInconsistent = "route.inconsistent",
    /// No route preset of that name ships with the library.
    RouteUnknownPreset = "route.unknown_preset",
    /// The application matches no branch of its route.
    RouteNoBranch = "route.no_branch",
    /// The route does not apply yet on the day of submission.
    RouteNotInForce = "route.not_in_force",
    /// This actor may not give this command (wrong role, wrong party, not their turn).
    ApprovalForbidden = "approval.forbidden",
    /// Nobody may give this command while the application is in this state.
    ApprovalInvalidTransition = "approval.invalid_transition",
    /// The stage cannot complete before its required uploads are in.
    ApprovalUploadMissing = "approval.upload_missing",
    /// A client request id was used before for a different command.
    ApprovalRequestReused = "approval.request_reused",
    /// A command's own values are wrong (an unknown stage, a missing pick, …).
    ApprovalInvalid = "approval.invalid",
}

/// The one table of error categories. Calls `$callback!` with one row per
/// category:
///
/// ```text
/// /// what the category covers
/// Variant "name",
/// ```
///
/// [`Category`] is written from it, and so is each binding's one public
/// error (an exception class or error variant per category).
#[macro_export]
macro_rules! for_each_category {
    ($callback:path) => {
        $callback! {
            /// The request itself: malformed JSON, unknown operation or key, a limit.
            Request "request",
            /// Amounts, ratios, rounding, allocation.
            Money "money",
            /// Subsidy policies and eligibility.
            Policy "policy",
            /// Vouchers, checkout and campaigns.
            Voucher "voucher",
            /// Field and form validation.
            Validation "validation",
            /// Passwords, their policies and hashes.
            Password "password",
            /// Approval routes and the applications that run on them.
            Approval "approval",
            /// A failure inside the library (a bug): never the caller's input.
            Internal "internal",
        }
    };
}

macro_rules! categories {
    ($($(#[$doc:meta])* $variant:ident $name:literal,)*) => {
        /// The family a code belongs to; bindings turn it into an exception class.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
        #[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
        pub enum Category {
            $($(#[$doc])* #[serde(rename = $name)] $variant,)*
        }

        /// How many categories there are.
        const CATEGORIES: usize = [$($name),*].len();

        impl Category {
            /// Every category.
            pub const ALL: [Category; CATEGORIES] = [$(Category::$variant,)*];

            /// The category's stable name.
            pub const fn name(self) -> &'static str {
                match self { $(Category::$variant => $name,)* }
            }
        }
    };
}
for_each_category!(categories);

impl Code {
    /// The code's family, from the part of its text before the dot.
    pub fn category(self) -> Category {
        match self.as_str().split('.').next().unwrap_or_default() {
            "request" => Category::Request,
            "money" | "allocation" | "decimal" => Category::Money,
            "policy" | "subsidy" => Category::Policy,
            "voucher" | "checkout" | "campaign" => Category::Voucher,
            "field" | "uscc" | "id" | "upload" => Category::Validation,
            "password" => Category::Password,
            "route" | "approval" => Category::Approval,
            _ => Category::Internal,
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_forms_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(
                seen.insert(code.as_str()),
                "duplicate code text {}",
                code.as_str()
            );
            assert_eq!(Code::from_text(code.as_str()), Some(*code));
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn every_code_has_a_category_of_its_own_domain() {
        for code in Code::ALL {
            let expected_internal = code.as_str().starts_with("internal.");
            assert_eq!(
                code.category() == Category::Internal,
                expected_internal,
                "{code}"
            );
        }
    }

    #[test]
    fn text_forms_are_dotted_lowercase() {
        for code in Code::ALL {
            let text = code.as_str();
            let (domain, reason) = text.split_once('.').unwrap();
            assert!(!domain.is_empty() && !reason.is_empty(), "{text}");
            assert!(
                text.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.'),
                "{text}"
            );
        }
    }
}
