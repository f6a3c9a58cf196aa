// Garbage in: every call must answer with a HuiqiException (typed API) or an
// `ok: false` answer (JSON entry), never crash the JVM nor leak internals,
// and the library must keep working afterwards.
package io.huiqi.tests

import io.huiqi.*
import java.nio.charset.CharacterCodingException

private fun answerCodes(answer: String): List<String?> {
    val doc = Json.parse(answer) as Json.Obj
    assertEq(doc["ok"], Json.Bool(false), "ok in $answer")
    return (doc["errors"] as Json.Arr).items.map { (it as Json.Obj)["code"].str() }
}

private fun stillWorks() = assertEq(moneyParse("245").amount, "245.00", "the library still answers")

fun garbageTests() = Suite("garbage input").apply {
    test("invalid money strings are HuiqiException.Money") {
        val cases = listOf(
            "" to "money.empty", "   " to "money.empty", "-1" to "money.negative", "1.001" to "money.too_many_decimals",
            "245.000" to "money.too_many_decimals", "abc" to "money.invalid", "1,00" to "money.invalid",
            "¥" to "money.invalid", "1e3" to "money.invalid", "0x10" to "money.invalid", "１２３" to "money.invalid",
            "NaN" to "money.invalid", "Infinity" to "money.invalid", "-Infinity" to "money.invalid",
            "1000000000000000.00" to "money.overflow", "\u0000" to "money.invalid", "12\n" to null,
        )
        for ((input, code) in cases) {
            try {
                val parsed = moneyParse(input)
                assertTrue(code == null, "`$input` parsed as ${parsed.amount}, expected $code")
            } catch (e: HuiqiException.Money) {
                assertTrue(code == null || e.code == code, "`$input`: expected $code, got ${e.code}")
            }
        }
        stillWorks()
    }

    test("huge strings are refused with short messages") {
        val huge = "9".repeat(5_000_000)
        val e = assertThrows<HuiqiException.Money>("5 MB of nines") { moneyParse(huge) }
        assertTrue(e.messageEn.length < 300 && e.messageZh.length < 300, "the input is echoed cut short")
        assertEq(validateUscc(huge).valid, false, "uscc")
        assertEq(validateEmail("a".repeat(1_000_000) + "@example.com").valid, false, "email")
        val answer = call("money.parse", "{\"input\": \"" + "x".repeat(5_000_000) + "\"}")
        assertEq(answerCodes(answer), listOf("request.too_large"), "JSON entry: past the string limit")
        assertTrue(answer.length < 2_000, "answer stays small: ${answer.length}")
        stillWorks()
    }

    test("malformed JSON") {
        for (bad in listOf("", "{", "{\"input\": \"1\"", "[1,]", "{\"input\": '1'}", "\u0000", "{}}", "nul")) {
            assertEq(answerCodes(call("money.parse", bad)), listOf("request.malformed_json"), "`$bad`")
        }
        val e = assertThrows<HuiqiException.Request>("typed form") { validateForm(FormKind.PRODUCT_LISTING, "{\"a\": ") }
        assertEq(e.code, "request.malformed_json", "code")
        assertEq(answerCodes(call("no.such.op", "{}")), listOf("request.unknown_operation"), "unknown operation")
        assertEq(answerCodes(call("", "")), listOf("request.malformed_json"), "empty op and request")
        assertEq(answerCodes(call("money.parse", "{}")), listOf("request.invalid"), "missing key")
        assertEq(answerCodes(call("money.parse", "{\"input\": 1, \"extra\": 2}")), listOf("request.invalid"), "unknown key")
        stillWorks()
    }

    test("NaN and Infinity where numbers are expected") {
        for (n in listOf("NaN", "Infinity", "-Infinity", "1e400", "-0.0")) {
            val answer = call("money.allocate", "{\"total\": $n, \"weights\": [\"1\"]}")
            val codes = answerCodes(answer)
            assertTrue(codes.single() in setOf("request.malformed_json", "money.not_a_string"), "`$n`: $answer")
        }
        val quantity = call("checkout.price", """{"checkout": {"lines": [{"id": "1", "product": "p", "unit_price": "1",
            "quantity": 1.5}], "now": "2023-07-31 11:34:09"}}""")
        assertEq(answerCodes(quantity), listOf("request.invalid"), "a float quantity")
        assertEq(answerCodes(call("money.parse", "{\"input\": 245.0}")), listOf("request.invalid"), "a float for a string")
        stillWorks()
    }

    test("empty and blank input") {
        assertEq(validateMobile("").valid, false, "empty mobile is a violation, not an error")
        assertEq(validateUscc("").violations.isNotEmpty(), true, "empty uscc")
        assertThrows<HuiqiException.Money>("empty weights") { moneyAllocate("1.00", emptyList()) }
        assertThrows<HuiqiException.Voucher>("an order without lines") { checkoutPrice(Checkout(lines = emptyList(), now = "2023-07-31 11:34:09"), emptyList()) }
        val e = assertThrows<HuiqiException.Request>("empty date") { voucherStatus(Voucher("A", "1", "1", "2023-01-01", "2023-12-31"), "") }
        assertEq(e.code to e.field, "request.invalid_datetime" to "now", "code and field")
        assertThrows<HuiqiException.Policy>("empty policy document") { policyLoad(PolicyFormat.JSON, "", null) }
        assertThrows<HuiqiException.Password>("empty password preset name") { passwordPolicy("") }
        stillWorks()
    }

    test("lone surrogates") {
        // uniffi's generated Kotlin encodes strings with a strict UTF-8 encoder:
        // a lone surrogate is refused before any Rust runs (MalformedInputException).
        assertThrows<CharacterCodingException>("typed string") { moneyParse("\uD800") }
        assertThrows<CharacterCodingException>("JSON entry") { call("money.parse", "{\"input\": \"\uDC00\"}") }
        // As JSON escapes they reach the core, which refuses them.
        assertEq(answerCodes(call("money.parse", "{\"input\": \"\\ud800\"}")), listOf("request.malformed_json"), "escaped")
        // Raw bytes that are not UTF-8 (a CESU-8 surrogate) through the bytes entry.
        val cesu = "{\"input\": \"".toByteArray() + byteArrayOf(0xED.toByte(), 0xA0.toByte(), 0x80.toByte()) + "\"}".toByteArray()
        assertEq(answerCodes(callUtf8("money.parse", cesu)), listOf("request.malformed_json"), "bytes")
        assertEq(Json.parse(callUtf8("money.parse", "{\"input\": \"¥3,768.00\"}".toByteArray()))
            .let { ((it as Json.Obj)["value"] as Json.Obj)["amount"].str() }, "3768.00", "valid bytes")
        stillWorks()
    }

    test("control characters and odd text") {
        assertEq(validateEmail("a\u0000b@example.com").valid, false, "NUL in email")
        assertEq(validateLoginAccount("abc\u0007def").valid, false, "BEL in account")
        val e = assertThrows<HuiqiException.Policy>("preset name with controls") {
            subsidyQuote(SubsidyQuoteRequest(PolicySource.Preset("he\nnan\u0000"), "1", "2018-07-24", EnterpriseStanding(true, Claim.CLAIMED)))
        }
        assertTrue(!e.messageEn.contains('\u0000') && !e.messageEn.contains('\n'), "controls are not echoed: ${e.messageEn}")
        stillWorks()
    }

    test("bad dates, instants and documents") {
        val quote = SubsidyQuoteRequest(PolicySource.Preset("henan"), "245", "2018-02-30", EnterpriseStanding(true, Claim.CLAIMED))
        val e = assertThrows<HuiqiException.Request>("30 February") { subsidyQuote(quote) }
        assertEq(e.code to e.field, "request.invalid_date" to "date", "code and field")
        assertThrows<HuiqiException.Request>("a date with a time") { subsidyQuote(quote.copy(date = "2018-07-24T00:00:00")) }
        val toml = assertThrows<HuiqiException.Policy>("broken TOML") {
            subsidyQuote(quote.copy(date = "2018-07-24", policy = PolicySource.Document(PolicyFormat.TOML, "ratio = ")))
        }
        assertEq(toml.code, "policy.syntax", "code")
        val schema = assertThrows<HuiqiException.Policy>("a misplaced key") {
            policyLoad(PolicyFormat.TOML, "id = \"x\"\nname = \"x\"\nratio = \"30%\"\neffective_from = 2025-01-01\nper_order = \"5\"\n", null)
        }
        assertEq(schema.code, "policy.schema", "code")
        assertTrue(schema.messageEn.contains("caps"), "names the table: ${schema.messageEn}")
        val float = assertThrows<HuiqiException>("a float for money in a policy") {
            policyLoad(PolicyFormat.JSON, """{"id": "x", "name": "x", "ratio": 0.3, "effective_from": "2025-01-01"}""", null)
        }
        assertEq(float.field(), "ratio", "field")
        stillWorks()
    }

    test("extreme numbers and sizes") {
        val line = OrderLine(id = "1", product = "p", unitPrice = "999999999999999.99", quantity = UInt.MAX_VALUE)
        val e = assertThrows<HuiqiException.Money>("overflowing line") { checkoutPrice(Checkout(listOf(line), "2023-07-31 11:34:09"), emptyList()) }
        assertEq(e.code, "money.overflow", "code")
        val many = (1..1001).map { OrderLine(id = "$it", product = "p", unitPrice = "1") }
        val tooMany = assertThrows<HuiqiException.Voucher>("1001 lines") { checkoutOffer(Checkout(many, "2023-07-31 11:34:09")) }
        assertEq(tooMany.code to tooMany.field, "checkout.too_many_lines" to "checkout.lines", "code and field")
        val shares = moneyAllocate("1000.00", List(100_000) { "1" })
        assertEq(shares.size to shares.count { it == "0.01" }, 100_000 to 100_000, "100 000 shares of a fen")
        assertThrows<HuiqiException.Password>("zero hash cost") { passwordHash("x", HashCost(0u, 0u, 0u)) }
        assertThrows<HuiqiException.Policy>("a batch with no policy in force") {
            subsidyQuoteBatch(PolicySource.Document(PolicyFormat.JSON, """{"policies": []}"""), BatchTerms("2018-07-24", EnterpriseStanding(true, Claim.CLAIMED)), listOf("1"))
        }
        assertEq(subsidyQuoteBatch(PolicySource.Preset("henan"), BatchTerms("2018-07-24", EnterpriseStanding(true, Claim.CLAIMED)), emptyList()).total, "0.00", "an empty batch")
        stillWorks()
    }

    test("every operation survives garbage requests") {
        val garbage = listOf("null", "[]", "0", "\"x\"", "{\"\": {}}", "{\"a\":" + "[".repeat(200) + "]".repeat(200) + "}")
        for (op in operations().map { it.name }) {
            for (request in garbage) {
                val doc = Json.parse(call(op, request)) as Json.Obj
                // `operations` takes any request; everything else must refuse these.
                if (op != "operations") assertEq(doc["ok"], Json.Bool(false), "$op on $request")
                val errors = doc["errors"] as? Json.Arr
                errors?.items?.forEach { p ->
                    val code = (p as Json.Obj)["code"].str()
                    assertTrue(code != "internal.error", "$op on $request: internal error")
                    assertClean(p.toString())
                }
            }
        }
        stillWorks()
    }
}
