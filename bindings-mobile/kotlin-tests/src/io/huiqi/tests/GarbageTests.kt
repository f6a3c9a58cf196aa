// Garbage in: every call must answer with a HuiqiException (typed API) or an
// `ok: false` answer (JSON entry), never crash the JVM nor leak internals,
// and the library must keep working afterwards.
package io.huiqi.tests

import io.huiqi.*
import java.math.BigDecimal

private fun answerCodes(answer: String): List<String?> {
    val doc = Json.parse(answer) as Json.Obj
    assertEq(doc["ok"], Json.Bool(false), "ok in $answer")
    return (doc["errors"] as Json.Arr).items.map { (it as Json.Obj)["code"].str() }
}

private fun stillWorks() = assertEq(moneyParse(MoneyParseRequest("245")).amount, BigDecimal("245.00"), "the library still answers")

fun garbageTests() = Suite("garbage input").apply {
    test("invalid money texts are HuiqiException.Money at their field") {
        val cases = listOf(
            "" to "money.empty", "-1" to "money.negative", "245.000" to "money.too_many_decimals",
            "abc" to "money.invalid", "1,00" to "money.invalid", "1e3" to "money.invalid", "１２３" to "money.invalid",
            "NaN" to "money.invalid", "1000000000000000.00" to "money.overflow", "\u0000" to "money.invalid",
        )
        for ((input, code) in cases) {
            val e = assertThrows<HuiqiException.Money>("`$input`") { moneyParse(MoneyParseRequest(input)) }
            assertEq(e.code to e.field, code to "input", "`$input`")
            assertClean(e.messageEn + e.messageZh)
        }
        stillWorks()
    }

    test("BigDecimals no amount can be") {
        for (bad in listOf("-0.01", "0.001", "1E+20", "12345678901234567890")) {
            val e = assertThrows<HuiqiException.Money>("`$bad`") {
                moneyAllocate(AllocateRequest(total = BigDecimal("1.00"), weights = listOf(BigDecimal("1.00"), BigDecimal(bad))))
            }
            assertEq(e.field, "weights[1]", "`$bad` is named at its index")
        }
        stillWorks()
    }

    test("beyond the limits: refused, small, clean") {
        val huge = "9".repeat(5_000_000)
        val e = assertThrows<HuiqiException.Request>("5 MB of nines") { moneyParse(MoneyParseRequest(huge)) }
        assertEq(e.code, "request.too_large", "code")
        assertTrue(e.messageEn.length < 300 && e.messageZh.length < 300, "the input is not echoed")
        val answer = call("money.parse", "{\"input\": \"" + "x".repeat(5_000_000) + "\"}")
        assertEq(answerCodes(answer), listOf("request.too_large"), "JSON entry")
        assertTrue(answer.length < 2_000, "answer stays small: ${answer.length}")
        stillWorks()
    }

    test("malformed JSON and duplicate keys") {
        for (bad in listOf("", "{", "{\"input\": \"1\"", "[1,]", "{\"input\": '1'}", "\u0000", "{}}", "nul")) {
            assertEq(answerCodes(call("money.parse", bad)), listOf("request.malformed_json"), "`$bad`")
            val e = assertThrows<HuiqiException.Request>("typed `$bad`") { moneyParseRequestFromJson(bad) }
            assertEq(e.code, "request.malformed_json", "typed code")
        }
        assertEq(answerCodes(call("money.parse", "{\"input\":\"1.00\",\"input\":\"999.00\"}")), listOf("request.duplicate_key"), "duplicate")
        assertEq(answerCodes(call("money.parse", "[\"3,768.00\"]")), listOf("request.invalid"), "a list for an object")
        assertEq(answerCodes(call("no.such.op", "{}")), listOf("request.unknown_operation"), "unknown operation")
        stillWorks()
    }

    test("bytes that are not UTF-8") {
        val answer = callUtf8("money.parse", byteArrayOf(0x7b, 0xff.toByte(), 0x7d))
        assertEq(answerCodes(answer), listOf("request.malformed_json"), "invalid UTF-8")
        stillWorks()
    }
}
