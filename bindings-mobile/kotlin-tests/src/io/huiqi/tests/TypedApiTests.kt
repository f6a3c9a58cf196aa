// The typed API as a Kotlin app uses it: records in, records out, money as
// java.math.BigDecimal, dates as java.time, every failure a HuiqiException
// with a code, a field path and both languages. Figures are the manuals'.
package io.huiqi.tests

import io.huiqi.*
import java.math.BigDecimal
import java.time.LocalDate
import java.time.OffsetDateTime
import kotlin.concurrent.thread

private fun yuan(text: String) = BigDecimal(text)
private val claimed = EnterpriseStanding(certified = true, claim = Claim.CLAIMED)
private val noneUsed = SubsidyUsage(enterpriseYearUsed = yuan("0.00"), poolUsed = yuan("0.00"))
private val henan = PolicySource.Preset("henan")
private val order245 = QuoteRequest(
    policy = henan, orderTotal = yuan("245.00"), date = LocalDate.of(2018, 7, 24),
    enterprise = claimed, usage = noneUsed,
)
private val shanghai = java.time.ZoneOffset.ofHours(8)

private fun voucherA(balance: String = "500.00", validTo: LocalDate = LocalDate.of(2023, 8, 18)) = Voucher(
    number = "A", name = "创新服务券", faceValue = yuan("500.00"), balance = yuan(balance),
    validFrom = LocalDate.of(2023, 7, 15), validTo = validTo,
    status = VoucherStatus.ACTIVE, billingMode = BillingMode.SEPARATE,
)

private val checkout234 = Checkout(
    lines = listOf(OrderLine(id = "1", product = "sku-1", unitPrice = yuan("234.00"))),
    now = OffsetDateTime.of(2023, 7, 31, 11, 34, 9, 0, shanghai),
    vouchers = listOf(voucherA()),
)

fun typedApiTests() = Suite("typed API").apply {
    test("money crosses as BigDecimal with two decimals") {
        val parsed = moneyParse(MoneyParseRequest(input = "¥3,768.00"))
        assertEq(parsed, ParsedAmount(amount = yuan("3768.00"), fen = 376_800L), "parsed")
        assertEq(parsed.amount.scale(), 2, "scale")
        val shares = moneyAllocate(AllocateRequest(total = yuan("0.10"), weights = listOf(yuan("1"), yuan("1"), yuan("1"))))
        assertEq(shares.shares, listOf(yuan("0.04"), yuan("0.03"), yuan("0.03")), "shares")
    }

    test("Henan's 30% subsidy on ¥245.00 (the manual's figure)") {
        val quote = subsidyQuote(order245)
        assertEq(quote.subsidy, yuan("73.50"), "subsidy")
        assertEq(quote.payable, yuan("171.50"), "payable")
        assertEq(quote.stage, Stage.ESTIMATE, "stage")
        assertEq(quote.boundBy, Bound.RATIO, "bound by")
        assertEq(quote.ratio.compareTo(yuan("0.30")), 0, "ratio")
        assertEq(quote.rounding, Rounding.HALF_AWAY_FROM_ZERO, "rounding")
        assertEq(quote.summaryZh, "预计补贴 ¥73.50", "summary")
        assertTrue(quote.explanation.any { it.step == "ratio" && it.binding }, "the ratio line binds")
    }

    test("the binding figure on the contract amount") {
        val quote = subsidyQuote(order245.copy(orderTotal = yuan("3768.00"), contractAmount = yuan("120.00"), date = LocalDate.of(2018, 7, 30)))
        assertEq(quote.stage, Stage.BINDING, "stage")
        assertEq(quote.summaryZh, "预计补贴金额不超过 ¥36.00", "summary")
    }

    test("an ineligible enterprise gets nothing, with reasons") {
        val quote = subsidyQuote(order245.copy(enterprise = EnterpriseStanding(certified = false, claim = Claim.DECLINED)))
        assertEq(quote.subsidy, yuan("0.00"), "subsidy")
        assertEq(quote.boundBy, Bound.INELIGIBLE, "bound by")
        assertEq(quote.ineligible.map { it.code }, listOf("subsidy.not_certified", "subsidy.declined"), "reasons")
    }

    test("a BigDecimal the core refuses names its field, as the JSON entry does") {
        val e = assertThrows<HuiqiException.Money>("three decimals") {
            subsidyQuote(order245.copy(orderTotal = yuan("245.001")))
        }
        assertEq(e.code to e.field, "money.too_many_decimals" to "order_total", "code and field")
        assertEq(e.category(), Category.MONEY, "category")
        assertEq(e.code(), e.code, "code() on the base class")
        assertTrue(e.messageEn.contains("245.001") && e.messageZh.isNotEmpty(), "messages: ${e.messageEn} / ${e.messageZh}")
        assertClean(e.message!!)
        val deep = checkout234.copy(lines = listOf(OrderLine(id = "1", product = "sku-1", unitPrice = yuan("-2.00"))))
        val d = assertThrows<HuiqiException>("a negative price deep inside") { checkoutPrice(PriceRequest(checkout = deep)) }
        assertEq(d.code() to d.field(), "money.negative" to "checkout.lines[0].unit_price", "nested path")
        val json = """{"checkout": {"lines": [{"id": "1", "product": "sku-1", "unit_price": "-2.00"}], "now": "2023-07-31 11:34:09"}}"""
        val first = (((Json.parse(call("checkout.price", json)) as Json.Obj)["errors"] as Json.Arr).items[0] as Json.Obj)
        assertEq(d.code() to d.field(), first["code"].str() to first["field"].str(), "typed and JSON agree")
    }

    test("one catch for every error, by category") {
        val failures = listOf<() -> Unit>(
            { moneyParse(MoneyParseRequest("-1")) },
            { subsidyQuote(order245.copy(policy = PolicySource.Preset("atlantis"))) },
            { checkoutPrice(PriceRequest(checkout = checkout234, selected = listOf("nope"))) },
            { passwordVerify(VerifyRequest(password = "x", hash = "plain")) },
            { validateLoginAccountRequestFromJson("{") },
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
                Triple(Category.MONEY, "money.negative", "input"),
                Triple(Category.POLICY, "policy.unknown_preset", "policy"),
                Triple(Category.VOUCHER, "voucher.unknown", "selected[0]"),
                Triple(Category.PASSWORD, "password.bad_hash", "hash"),
                Triple(Category.REQUEST, "request.malformed_json", null),
            ),
            "(category, code, field)",
        )
    }

    test("checkout: the manual's ¥234.00 paid by voucher (seed 002)") {
        val pricing = checkoutPrice(PriceRequest(checkout = checkout234, selected = listOf("A")))
        assertEq(pricing.total, yuan("234.00"), "total")
        assertEq(pricing.voucherDeduction, yuan("234.00"), "deduction")
        assertEq(pricing.payable, yuan("0.00"), "payable")
        assertEq(pricing.subsidyQuote, null, "no subsidy terms")
        assertEq(pricing.vouchers.single().balanceAfter, yuan("266.00"), "balance after")
        assertEq(pricing.explanation.last().step, "payable", "explanation")
    }

    test("checkout: subsidy first, then vouchers, then payable") {
        val checkout = Checkout(
            lines = listOf(OrderLine(id = "1", product = "cloud", unitPrice = yuan("245.00"))),
            now = OffsetDateTime.of(2018, 7, 24, 12, 0, 0, 0, shanghai),
            vouchers = listOf(voucherA().copy(number = "V1", faceValue = yuan("100.00"), balance = yuan("100.00"),
                validFrom = LocalDate.of(2018, 7, 1), validTo = LocalDate.of(2018, 7, 31))),
            subsidy = SubsidyTerms(policy = henan, enterprise = claimed, usage = noneUsed),
        )
        val suggestion = checkoutSuggest(CheckoutRequest(checkout))
        assertEq(suggestion.selected, listOf("V1"), "suggested")
        val p = suggestion
        assertEq(listOf(p.total, p.subsidy, p.voucherDeduction, p.payable), listOf("245.00", "73.50", "100.00", "71.50").map(::yuan), "figures")
        assertEq(p.subsidyQuote?.subsidy, yuan("73.50"), "quote")
    }

    test("pay then cancel gives back exactly what was deducted") {
        val wallet = listOf(voucherA())
        val deductions = checkoutPrice(PriceRequest(checkout234, listOf("A"))).vouchers.map { VoucherAmount(it.number, it.deduction) }
        val paid = checkoutPay(WalletRequest(wallet, deductions)).vouchers
        assertEq(paid.single().balance, yuan("266.00"), "after paying")
        val restored = checkoutCancel(WalletRequest(paid, deductions)).vouchers
        assertEq(restored.single().balance, yuan("500.00"), "after cancelling")
        val e = assertThrows<HuiqiException.Voucher>("restoring twice") { checkoutCancel(WalletRequest(restored, deductions)) }
        assertEq(e.code to e.field, "voucher.restore_mismatch" to "deductions[0].amount", "code and field")
    }

    test("voucher status to the second in Asia/Shanghai") {
        val last = voucherStatus(StatusRequest(voucherA(), OffsetDateTime.of(2023, 8, 18, 23, 59, 59, 0, shanghai)))
        assertEq(last.usable, true, "last second")
        val after = voucherStatus(StatusRequest(voucherA(), OffsetDateTime.of(2023, 8, 18, 16, 0, 0, 0, java.time.ZoneOffset.UTC)))
        assertEq(after.usable to after.reason?.code, false to "voucher.expired", "a second later, in UTC")
    }

    test("campaign grab: granted, issued, refused without touching the stock") {
        val campaign = Campaign(
            id = "c1", name = "上云券", listed = true, startsAt = OffsetDateTime.of(2023, 7, 1, 0, 0, 0, 0, shanghai),
            endsAt = OffsetDateTime.of(2023, 7, 31, 23, 59, 59, 0, shanghai), stock = 10u, perEnterpriseLimit = 1u,
            voucher = VoucherTemplate(name = "上云券", faceValue = yuan("300.00"), validFrom = LocalDate.of(2023, 8, 1),
                validTo = LocalDate.of(2023, 12, 31), billingMode = BillingMode.SEPARATE),
        )
        val at = OffsetDateTime.of(2023, 7, 31, 23, 59, 59, 0, shanghai)
        val grant = campaignGrab(GrabRequest(campaign, GrabAttempt(certified = true, now = at), "V-9"))
        assertEq(grant.stockAfter to grant.heldAfter, 9u to 1u, "stock and holding")
        assertEq(grant.voucher?.balance, yuan("300.00"), "issued voucher")
        val blank = assertThrows<HuiqiException.Validation>("a blank number") {
            campaignGrab(GrabRequest(campaign, GrabAttempt(certified = true, now = at), "  "))
        }
        assertEq(blank.code to blank.field, "field.required" to "voucher_number", "code and field")
    }

    test("policy documents: versions and the one in force") {
        val toml = "[[policies]]\nid = \"zz-2024\"\nname = \"某省 2024\"\nratio = \"20%\"\neffective_from = 2024-01-01\n" +
            "effective_to = 2024-12-31\n\n[[policies]]\nid = \"zz-2025\"\nname = \"某省 2025\"\nratio = \"25%\"\n" +
            "effective_from = 2025-01-01\n[policies.caps]\nper_order = \"5,000.00\"\n"
        val loaded = policyLoad(LoadRequest(format = Format.TOML, text = toml, date = LocalDate.of(2025, 3, 1)))
        assertEq(loaded.policies.map { it.id }, listOf("zz-2024", "zz-2025"), "versions")
        assertEq(loaded.inForce, "zz-2025", "in force")
        assertEq(loaded.policies[1].caps.perOrder, yuan("5000.00"), "cap")
        val versions = PolicySource.Versions(loaded.policies)
        val quote = subsidyQuote(order245.copy(policy = versions, orderTotal = yuan("1000.00"), date = LocalDate.of(2024, 6, 1)))
        assertEq(quote.policyId to quote.subsidy, "zz-2024" to yuan("200.00"), "2024's version")
        // Before every version: nothing, under the nearest, as one policy
        // out of its dates quotes.
        val before = subsidyQuote(order245.copy(policy = versions, date = LocalDate.of(2023, 1, 1)))
        assertEq(before.policyId to before.subsidy, "zz-2024" to yuan("0.00"), "none in force")
        assertEq(before.ineligible.map { it.code }, listOf("subsidy.not_in_force"), "why")
    }

    test("passwords: every broken rule at once, never the password") {
        val national = PasswordPolicySource.Preset("national")
        val verdict = passwordCheck(CheckRequest(national, "zhangsan123", PasswordContext(username = "zhangsan")))
        assertEq(verdict.violations.map { it.code }, listOf("password.classes", "password.contains_username"), "codes")
        assertTrue(verdict.violations.none { it.messageEn.contains("zhangsan123") }, "no password in messages")
        val nist = passwordCheck(CheckRequest(PasswordPolicySource.Preset("nist"), "Ｐａｓｓｗｏｒｄ１２３"))
        assertEq(nist.violations.map { it.code }, listOf("password.common"), "full width is NFKC-folded")
        val cheap = HashCost(memoryKib = 64u, iterations = 1u, parallelism = 1u)
        val hash = passwordHash(HashRequest("Zs#2024abc", cheap)).hash
        assertTrue(hash.startsWith("\$argon2id\$v=19\$m=64,t=1,p=1\$"), "PHC string: $hash")
        assertEq(passwordVerify(VerifyRequest("Zs#2024abc", hash)).matches, true, "verifies")
        val same = passwordCheck(CheckRequest(national, "Zs#2024abc", PasswordContext(currentHash = hash)))
        assertEq(same.violations.map { it.code }, listOf("password.same_as_current"), "same as current")
    }

    test("validation: fields, ids, forms") {
        val uscc = validateUscc(ValueRequest("G1110000MA001234XF"))
        assertEq(uscc.info?.authority?.nameZh to uscc.info?.entityType?.nameZh, "公安" to "境外非政府组织代表机构", "G1")
        val permit = validateResidentId(DatedValueRequest("830000199201300022", today = LocalDate.of(2026, 11, 30)))
        assertEq(permit.info?.kind to permit.info?.birthDate, IdNumberKind.RESIDENCE_PERMIT to LocalDate.of(1992, 1, 30), "permit")
        assertEq(validateEmail(ValueRequest("service@example.xn--fiqs8s")).valid, true, "IDN in ASCII form")
        assertEq(validateLoginAccount(ValueRequest("zhangsan123\u200b")).violations.map { it.code }, listOf("field.charset"), "zero-width")
        val form = validateExpert(ExpertRequest(ExpertForm()))
        assertTrue(!form.valid && form.violations.all { it.field != null }, "an empty expert form: ${form.violations.size} at their fields")
    }

    test("a refused call leaves nothing behind for the next on its thread") {
        // A bad amount is set aside while the request is read; the bad date
        // after it ends the call before the amount is named.
        assertThrows<HuiqiException>("a bad amount and a bad date") {
            subsidyQuote(order245.copy(orderTotal = yuan("1.001"), date = LocalDate.of(10000, 1, 1)))
        }
        // The largest amount is an ordinary amount, not the last call's refusal.
        val largest = subsidyQuote(order245.copy(orderTotal = yuan("999999999999999.99")))
        assertEq(largest.payable + largest.subsidy, yuan("999999999999999.99"), "payable and subsidy add up")
    }

    test("a date, an instant or an id that does not read names its field, as the JSON entry does") {
        val date = assertThrows<HuiqiException.Request>("year 10000") {
            subsidyQuote(order245.copy(date = LocalDate.of(10000, 1, 1)))
        }
        assertEq(date.code to date.field, "request.invalid_date" to "date", "a date")
        val instant = assertThrows<HuiqiException.Request>("the largest instant") {
            checkoutPrice(PriceRequest(checkout = checkout234.copy(now = OffsetDateTime.MAX)))
        }
        assertEq(instant.code to instant.field, "request.invalid_datetime" to "checkout.now", "an instant")
        val li = Actor("li", roles = listOf("applicant"))
        val submit = Command.Submit(RouteSource.Preset("seal"), "用印", mapOf(), mapOf("leader" to "zhou"))
        val utc = assertThrows<HuiqiException.Request>("the smallest instant") {
            approvalDecide(DecideRequest(null, Request("r1", li, submit), OffsetDateTime.MIN, 1uL))
        }
        assertEq(utc.code to utc.field, "request.invalid_datetime" to "now", "an approval's now")
        val at = OffsetDateTime.of(2023, 7, 20, 10, 0, 0, 0, shanghai)
        val step = approvalDecide(DecideRequest(null, Request("r1", li, submit), at, 1uL))
        val id = assertThrows<HuiqiException.Request>("an application id") {
            approvalDecide(DecideRequest(step.state.copy(id = "nope"), Request("r2", li, Command.Remind), at, 2uL))
        }
        assertEq(id.field, "state.id", "an id")
        // And the next call on the thread is its own.
        assertEq(subsidyQuote(order245).payable, yuan("171.50"), "the next call")
    }

    test("an answer holding an amount that does not read is refused, not written out") {
        val e = assertThrows<HuiqiException.Money>("245.001") {
            moneyParseAnswerToJson(ParsedAmount(yuan("1.001"), 999L))
        }
        assertEq(e.code, "money.too_many_decimals", "code")
        assertEq(moneyParseAnswerToJson(ParsedAmount(yuan("1.00"), 100L)), """{"amount":"1.00","fen":100}""", "a good one")
    }

    test("a code this version does not know is a HuiqiException, never an internal one") {
        val e = assertThrows<HuiqiException.Request>("codeCategory") { codeCategory("money.from_the_future") }
        assertEq(e.code, "request.invalid", "code")
        assertTrue(e.messageEn.contains("money.from_the_future"), e.messageEn)
        val built = HuiqiException.Money("bogus.code", null, "中", "en", listOf())
        assertThrows<HuiqiException.Request>("category() of an exception built with an unknown code") { built.category() }
    }

    test("a string with a lone surrogate (half an emoji) is a HuiqiException.Request") {
        val cut = "村道修缮👍".take(5)
        val e = assertThrows<HuiqiException.Request>("typed") { moneyParse(MoneyParseRequest(cut)) }
        assertEq(e.code, "request.invalid", "code")
        assertEq(e.messageEn, "the text holds a lone surrogate: it is not valid Unicode", "the core's words")
        assertThrows<HuiqiException.Request>("the JSON entry") { call("money.parse", "{\"input\":\"$cut\"}") }
        assertEq(moneyParse(MoneyParseRequest("245")).amount, yuan("245.00"), "the library still answers")
    }

    test("a stored application goes to JSON and back, read as strictly as a state") {
        val at = OffsetDateTime.of(2023, 7, 20, 10, 0, 0, 0, shanghai)
        val submit = Command.Submit(RouteSource.Preset("seal"), "用印", mapOf(), mapOf("leader" to "zhou"))
        val state = approvalDecide(DecideRequest(null, Request("r1", Actor("li", roles = listOf("applicant")), submit), at, 1uL)).state
        val json = applicationToJson(state)
        assertEq(applicationFromJson(json), state, "round trip")
        val unknown = assertThrows<HuiqiException.Request>("a key it does not have") {
            applicationFromJson(json.replaceFirst("{", "{\"priority\": 1, "))
        }
        assertEq(unknown.field, "priority", "named")
        val stage = assertThrows<HuiqiException.Request>("a stage its route does not have") {
            applicationFromJson(json.replaceFirst("\"stage\":0", "\"stage\":7"))
        }
        assertEq(stage.field, "stage", "what no command could leave")
        assertThrows<HuiqiException.Request>("nor is it written") { applicationToJson(state.copy(stage = 7u)) }
    }

    test("approval instants are OffsetDateTime, in and out") {
        val at = OffsetDateTime.of(2023, 7, 20, 10, 0, 0, 0, shanghai)
        val submit = Command.Submit(RouteSource.Preset("seal"), "用印", mapOf(), mapOf("leader" to "zhou"))
        val step = approvalDecide(DecideRequest(null, Request("r1", Actor("li", roles = listOf("applicant")), submit), at, 1uL))
        assertEq(step.state.createdAt.toInstant(), at.toInstant(), "created at")
        assertEq(step.events.first().at.toInstant(), at.toInstant(), "the event's time")
    }

    test("operations lists the table") {
        val names = operations(OperationsRequest()).operations.map { it.name }
        assertTrue("subsidy.quote" in names && names.size >= 32, "all operations")
        assertEq(codeCategory("money.negative"), Category.MONEY, "code category")
    }

    test("safe from several threads at once") {
        val results = java.util.concurrent.ConcurrentLinkedQueue<BigDecimal>()
        val threads = (1..4).map { thread { repeat(250) { results += subsidyQuote(order245).payable } } }
        threads.forEach { it.join() }
        assertEq(results.size to results.toSet(), 1000 to setOf(yuan("171.50")), "answers")
    }
}
