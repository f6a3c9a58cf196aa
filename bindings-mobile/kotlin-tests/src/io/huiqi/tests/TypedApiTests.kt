// The typed API as a Kotlin app uses it: records in, records out, money as
// strings, every failure a HuiqiException with a code, a field and both
// languages. Figures are the manuals' (see tests/vectors).
package io.huiqi.tests

import io.huiqi.*
import kotlin.concurrent.thread

private val claimed = EnterpriseStanding(certified = true, claim = Claim.CLAIMED)
private val henan = PolicySource.Preset("henan")
private val order245 = SubsidyQuoteRequest(policy = henan, orderTotal = "245.00", date = "2018-07-24", enterprise = claimed)

private fun voucherA(balance: String = "500.00", validTo: String = "2023-08-18") = Voucher(
    number = "A", name = "创新服务券", faceValue = "500.00", balance = balance,
    validFrom = "2023-07-15", validTo = validTo,
)

private val checkout234 = Checkout(
    lines = listOf(OrderLine(id = "1", product = "sku-1", unitPrice = "234.00")),
    now = "2023-07-31 11:34:09",
    vouchers = listOf(voucherA()),
)

private const val VERSIONS_TOML = """
[[policies]]
id = "zz-2024"
name = "某省上云补贴 2024"
ratio = "20%"
effective_from = 2024-01-01
effective_to = 2024-12-31

[[policies]]
id = "zz-2025"
name = "某省上云补贴 2025"
ratio = "25%"
effective_from = 2025-01-01
[policies.caps]
per_order = "5,000.00"
"""

fun typedApiTests() = Suite("typed API").apply {
    test("money crosses as strings with two decimals") {
        val parsed = moneyParse("¥3,768.00")
        assertEq(parsed, ParsedMoney(amount = "3768.00", fen = 376_800L), "parsed")
        assertEq(moneyParse("245").amount, "245.00", "245")
        assertEq(moneyAllocate("0.10", listOf("1", "1", "1")), listOf("0.04", "0.03", "0.03"), "shares")
    }

    test("Henan's 30% subsidy on ¥245.00 (the manual's figure)") {
        val quote = subsidyQuote(order245)
        assertEq(quote.subsidy, "73.50", "subsidy")
        assertEq(quote.payable, "171.50", "payable")
        assertEq(quote.stage, QuoteStage.ESTIMATE, "stage")
        assertEq(quote.boundBy, Bound.RATIO, "bound by")
        assertEq(quote.ratioPercent, "30%", "ratio")
        assertEq(quote.rounding, Rounding.HALF_AWAY_FROM_ZERO, "rounding")
        assertEq(quote.ineligible, emptyList<Reason>(), "ineligible")
        assertTrue(quote.explanation.any { it.step == "ratio" && it.binding }, "the ratio line binds")
    }

    test("the binding figure on the contract amount") {
        val quote = subsidyQuote(order245.copy(orderTotal = "3768.00", contractAmount = "120.00", date = "2018-07-30"))
        assertEq(quote.stage, QuoteStage.BINDING, "stage")
        assertEq(quote.summaryZh, "预计补贴金额不超过 ¥36.00", "summary")
    }

    test("an ineligible enterprise gets nothing, with reasons") {
        val quote = subsidyQuote(order245.copy(enterprise = EnterpriseStanding(certified = false, claim = Claim.DECLINED)))
        assertEq(quote.subsidy, "0.00", "subsidy")
        assertEq(quote.boundBy, Bound.INELIGIBLE, "bound by")
        assertEq(quote.ineligible.map { it.code }, listOf("subsidy.not_certified", "subsidy.declined"), "reasons")
        assertTrue(quote.ineligible.all { it.messageZh.isNotEmpty() && it.messageEn.isNotEmpty() }, "both languages")
    }

    test("HuiqiException carries code, field, both messages and the category") {
        val e = assertThrows<HuiqiException.Money>("too many decimals") {
            subsidyQuote(order245.copy(orderTotal = "245.001"))
        }
        assertEq(e.code, "money.too_many_decimals", "code")
        assertEq(e.field, "order_total", "field")
        assertEq(e.code(), e.code, "code() on the base class")
        assertEq(e.field(), e.field, "field() on the base class")
        assertEq(e.messageZh(), e.messageZh, "messageZh()")
        assertEq(e.messageEn(), e.messageEn, "messageEn()")
        assertEq(e.category(), ErrorCategory.MONEY, "category")
        assertEq(e.problems.size, 1, "problems")
        assertEq(e.problems[0].category, ErrorCategory.MONEY, "problem category")
        assertEq(e.problems(), e.problems, "problems()")
        assertTrue(e.messageEn.contains("245.001") && e.messageZh.isNotEmpty(), "messages: ${e.messageEn} / ${e.messageZh}")
        assertTrue(e.message!!.contains("money.too_many_decimals"), "Throwable.message names the code")
        assertClean(e.message!!)
    }

    test("one catch for every error, by category") {
        val failures = listOf<() -> Unit>(
            { moneyParse("-1") },
            { subsidyQuote(order245.copy(policy = PolicySource.Preset("atlantis"))) },
            { checkoutPrice(checkout234, listOf("nope")) },
            { validateForm(FormKind.EXPERT, "{") },
            { passwordVerify("x", "plain") },
            { subsidyQuote(order245.copy(date = "2018-02-30")) },
        )
        val seen = failures.map { run ->
            try {
                run()
                null
            } catch (e: HuiqiException) {
                assertClean(e.messageEn() + e.messageZh())
                Triple(e.category(), e.code(), e.field())
            }
        }
        assertEq(
            seen,
            listOf(
                Triple(ErrorCategory.MONEY, "money.negative", null),
                Triple(ErrorCategory.POLICY, "policy.unknown_preset", "policy"),
                Triple(ErrorCategory.VOUCHER, "voucher.unknown", "selected[0]"),
                Triple(ErrorCategory.REQUEST, "request.malformed_json", null),
                Triple(ErrorCategory.PASSWORD, "password.bad_hash", "hash"),
                Triple(ErrorCategory.REQUEST, "request.invalid_date", "date"),
            ),
            "(category, code, field)",
        )
    }

    test("checkout: the manual's ¥234.00 paid by voucher (seed 002)") {
        val pricing = checkoutPrice(checkout234, listOf("A"))
        assertEq(pricing.total, "234.00", "total")
        assertEq(pricing.voucherDeduction, "234.00", "deduction")
        assertEq(pricing.payable, "0.00", "payable")
        assertEq(pricing.subsidyQuote, null, "no subsidy terms")
        assertEq(pricing.vouchers.single().balanceAfter, "266.00", "balance after")
        assertEq(pricing.vouchers.single().lines, listOf(LineShare(line = "1", amount = "234.00")), "line shares")
        assertEq(pricing.explanation.last().step, "payable", "explanation")
    }

    test("checkout: records copy like data classes") {
        val two = checkout234.copy(lines = checkout234.lines.map { it.copy(quantity = 2u) })
        val pricing = checkoutPrice(two, emptyList())
        assertEq(pricing.total, "468.00", "total")
        assertEq(pricing.payable, "468.00", "payable")
    }

    test("checkout: subsidy first, then vouchers, then payable") {
        val checkout = Checkout(
            lines = listOf(OrderLine(id = "1", product = "cloud", unitPrice = "245.00")),
            now = "2018-07-24 12:00:00",
            vouchers = listOf(Voucher("V1", "100.00", "100.00", "2018-07-01", "2018-07-31")),
            subsidy = SubsidyTerms(policy = henan, enterprise = claimed),
        )
        val suggestion = checkoutSuggest(checkout)
        assertEq(suggestion.selected, listOf("V1"), "suggested")
        val p = suggestion.pricing
        assertEq(listOf(p.total, p.subsidy, p.voucherDeduction, p.payable), listOf("245.00", "73.50", "100.00", "71.50"), "figures")
        assertEq(p.subsidyQuote?.policyId, "henan", "quote")
        assertEq(p.lines.single().subsidyEligible, true, "eligible line")
    }

    test("checkout: offer refuses an expired voucher with its reason") {
        val checkout = checkout234.copy(vouchers = listOf(voucherA(), voucherA().copy(number = "B", validTo = "2023-07-30")))
        val offer = checkoutOffer(checkout)
        assertEq(offer.usable.map { it.number to it.maxDeduction }, listOf("A" to "234.00"), "usable")
        assertEq(offer.refused.map { it.number to it.reason.code }, listOf("B" to "voucher.expired"), "refused")
    }

    test("pay then cancel gives back exactly what was deducted") {
        val wallet = listOf(voucherA())
        val deductions = checkoutPrice(checkout234, listOf("A")).vouchers.map { VoucherAmount(it.number, it.deduction) }
        val paid = checkoutPay(wallet, deductions)
        assertEq(paid.single().balance, "266.00", "after paying")
        assertEq(paid.single().status, VoucherStatus.ACTIVE, "status filled in")
        val restored = checkoutCancel(paid, deductions)
        assertEq(restored.single().balance, "500.00", "after cancelling")
        val e = assertThrows<HuiqiException.Voucher>("restoring twice") { checkoutCancel(restored, deductions) }
        assertEq(e.code, "voucher.restore_mismatch", "code")
    }

    test("voucher status to the second in Asia/Shanghai") {
        assertEq(voucherStatus(voucherA(), "2023-08-18 23:59:59").usable, true, "last second")
        val after = voucherStatus(voucherA(), "2023-08-19T00:00:00+08:00")
        assertEq(after.usable to after.reason?.code, false to "voucher.expired", "a second later")
    }

    test("campaign grab: granted, issued, refused") {
        val campaign = Campaign(
            id = "c1", name = "上云券", startsAt = "2023-07-01 00:00:00", endsAt = "2023-07-31 23:59:59", stock = 10u,
            voucher = VoucherTemplate(name = "上云券", faceValue = "300.00", validFrom = "2023-08-01", validTo = "2023-12-31"),
        )
        val grant = campaignGrab(campaign, GrabAttempt(certified = true, now = "2023-07-31 23:59:59"), "V-9")
        assertEq(grant.stockAfter to grant.heldAfter, 9u to 1u, "stock and holding")
        assertEq(grant.voucher?.balance, "300.00", "issued voucher")
        val e = assertThrows<HuiqiException.Voucher>("uncertified") {
            campaignGrab(campaign, GrabAttempt(certified = false, now = "2023-07-15 10:00:00"))
        }
        assertEq(e.code, "campaign.not_certified", "code")
        val bad = assertThrows<HuiqiException.Voucher>("inconsistent campaign") {
            campaignGrab(campaign.copy(perEnterpriseLimit = 0u), GrabAttempt(certified = true, now = "2023-07-15 10:00:00"))
        }
        assertEq(bad.code to bad.field, "campaign.inconsistent" to "campaign.per_enterprise_limit", "code and field")
    }

    test("policy documents: versions, the one in force, records back in") {
        val loaded = policyLoad(PolicyFormat.TOML, VERSIONS_TOML, "2025-03-01")
        assertEq(loaded.policies.map { it.id }, listOf("zz-2024", "zz-2025"), "versions")
        assertEq(loaded.inForce, "zz-2025", "in force")
        assertEq(loaded.policies[1].caps.perOrder, "5000.00", "cap")
        val document = PolicySource.Document(PolicyFormat.TOML, VERSIONS_TOML)
        val quote = subsidyQuote(order245.copy(policy = document, orderTotal = "1000.00", date = "2024-06-01"))
        assertEq(quote.policyId to quote.subsidy, "zz-2024" to "200.00", "2024's version")
        val e = assertThrows<HuiqiException.Policy>("no version in force") {
            subsidyQuote(order245.copy(policy = document, date = "2023-01-01"))
        }
        assertEq(e.code, "policy.none_in_force", "code")
        val record = PolicySource.Policy(loaded.policies[1])
        assertEq(subsidyQuote(order245.copy(policy = record, orderTotal = "100000.00", date = "2025-06-01")).subsidy, "5000.00", "capped")
        val wrong = assertThrows<HuiqiException.Money>("a ratio above 100%") {
            subsidyQuote(order245.copy(policy = PolicySource.Policy(loaded.policies[1].copy(ratio = "150%"))))
        }
        assertEq(wrong.code to wrong.field, "money.invalid_ratio" to "policy.ratio", "code and field")
    }

    test("a batch of quotes") {
        val batch = subsidyQuoteBatch(henan, BatchTerms(date = "2018-07-24", enterprise = claimed), listOf("245.00", "0.05", "0.01"))
        assertEq(batch, BatchQuote(subsidies = listOf("73.50", "0.02", "0.00"), total = "73.52"), "batch")
        assertEq(subsidyPresets(), listOf("henan"), "presets")
    }

    test("passwords: every broken rule at once, never the password") {
        val verdict = passwordCheck(PasswordPolicySource.Preset("national"), "zhangsan123", PasswordContext(username = "zhangsan"))
        assertEq(verdict.valid, false, "valid")
        assertEq(verdict.violations.map { it.code }, listOf("password.classes", "password.contains_username"), "codes")
        assertTrue(verdict.violations.none { it.messageEn.contains("zhangsan123") || it.messageZh.contains("zhangsan123") }, "no password in messages")
        assertEq(passwordCheck(PasswordPolicySource.Preset("national"), "Zs#2024abc").valid, true, "a good one")
        val pin = PasswordPolicySource.Document(PolicyFormat.TOML, "name = \"pin\"\nmin_length = 6\nmax_length = 6\n[allowed]\nletters = false\n")
        assertEq(passwordCheck(pin, "12345").violations.map { it.code }, listOf("password.length"), "pin")
        val policy = passwordPolicy("henan")
        assertEq(policy.minLength to policy.maxLength, 9u to 19u, "henan lengths")
        assertEq(passwordCheck(PasswordPolicySource.Policy(policy.copy(minLength = 4u)), "abcd").valid, true, "record")
    }

    test("passwords: Argon2id hashes, history and bad hashes") {
        val cheap = HashCost(memoryKib = 64u, iterations = 1u, parallelism = 1u)
        val hash = passwordHash("Zs#2024abc", cheap)
        assertTrue(hash.startsWith("\$argon2id\$v=19\$m=64,t=1,p=1\$"), "PHC string: $hash")
        assertEq(passwordVerify("Zs#2024abc", hash), true, "verifies")
        assertEq(passwordVerify("zs#2024abc", hash), false, "other password")
        val same = passwordCheck(PasswordPolicySource.Preset("national"), "Zs#2024abc", PasswordContext(currentHash = hash))
        assertEq(same.violations.map { it.code }, listOf("password.same_as_current"), "same as current")
        val e = assertThrows<HuiqiException.Password>("garbage stored hash") {
            passwordCheck(PasswordPolicySource.Preset("national"), "Zs#2024abc", PasswordContext(currentHash = "garbage"))
        }
        assertEq(e.code to e.field, "password.bad_hash" to "context.current_hash", "code and field")
    }

    test("validation: fields, uploads, whole forms") {
        val uscc = validateUscc("91350100M000100Y43")
        assertEq(uscc.valid to uscc.info?.normalized, true to "91350100M000100Y43", "valid uscc")
        assertEq(validateUscc("91350100M000100Y44").violations.map { it.code }, listOf("uscc.check_character"), "check character")
        val id = validateResidentId("11010519491231002x", today = "2024-01-01")
        assertEq(id.info?.let { Triple(it.normalized, it.birthDate, it.gender) }, Triple("11010519491231002X", "1949-12-31", Gender.FEMALE), "id")
        assertEq(validateMobile("13012344321").valid, true, "mobile")
        assertEq(validateLandline("0371-66666666-801").valid, true, "landline")
        assertEq(validateEmail("a@b").valid, false, "email")
        assertEq(validatePostcode("450000").valid, true, "postcode")
        assertEq(validateUsername("abc_123").valid, true, "username")
        assertEq(validateLoginAccount("zhang san").valid, false, "login account")
        val photo = validateUpload(UploadKind.EXPERT_PHOTO, UploadMeta(name = "me.png", sizeBytes = 2048uL * 1024uL))
        assertEq(photo.violations.map { it.code }, listOf("upload.too_large"), "expert photo under 2048 KB")
        val form = validateForm(FormKind.EXPERT, "{}")
        assertTrue(!form.valid && form.violations.size > 3, "an empty expert form breaks many rules: ${form.violations.size}")
        assertEq(form.violations.first().let { it.code to it.field }, "field.required" to "name", "the first")
        assertTrue(form.violations.all { it.field != null && it.category == ErrorCategory.VALIDATION }, "each at its field")
    }

    test("typed and JSON entries report the same code and field") {
        val bad = checkout234.copy(lines = listOf(OrderLine(id = "1", product = "sku-1", unitPrice = "2.345")))
        val e = assertThrows<HuiqiException>("typed") { checkoutPrice(bad, listOf("A")) }
        val request = """{"checkout": {"lines": [{"id": "1", "product": "sku-1", "unit_price": "2.345"}],
            "vouchers": [], "now": "2023-07-31 11:34:09"}, "selected": ["A"]}"""
        val answer = Json.parse(call("checkout.price", request)) as Json.Obj
        val first = ((answer["errors"] as Json.Arr).items[0] as Json.Obj)
        assertEq(e.code() to e.field(), first["code"].str() to first["field"].str(), "(code, field)")
        assertEq(e.field(), "checkout.lines[0].unit_price", "field")
    }

    test("operations() lists what the JSON entry serves") {
        val typed = operations().map { it.name }
        val listed = ((Json.parse(call("operations", "{}")) as Json.Obj)["value"] as Json.Obj)["operations"] as Json.Arr
        assertEq(typed, listed.items.map { (it as Json.Obj)["name"].str() }, "names")
        assertTrue("subsidy.quote" in typed && typed.size >= 30, "all operations")
    }

    test("safe from several threads at once") {
        val results = java.util.concurrent.ConcurrentLinkedQueue<String>()
        val threads = (1..4).map { thread { repeat(250) { results += subsidyQuote(order245).payable } } }
        threads.forEach { it.join() }
        assertEq(results.size to results.toSet(), 1000 to setOf("171.50"), "answers")
    }
}
