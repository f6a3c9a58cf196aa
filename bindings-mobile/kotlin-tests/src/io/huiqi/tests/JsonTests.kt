// The JSON helper's own rules: the matching rules of tests/src/lib.rs (the
// same cases as its unit test) and serde_json's number kinds. The vectors
// exercise the reader and the writer on every request and answer.
package io.huiqi.tests

fun jsonTests() = Suite("json helper").apply {
    fun j(text: String) = Json.parse(text)

    test("matching rules of tests/src/lib.rs") {
        assertEq(mismatch(j("""{"a": 1}"""), j("""{"a": 1, "b": 2}""")), null, "extra keys allowed")
        assertTrue(mismatch(j("""{"a": 1, "c": 3}"""), j("""{"a": 1}""")) != null, "missing key")
        assertEq(mismatch(j("""[{"a": 1}]"""), j("""[{"a": 1, "b": 2}]""")), null, "element-wise")
        assertTrue(mismatch(j("[1]"), j("[1, 2]")) != null, "array length")
        assertTrue(mismatch(j("\"1.00\""), j("\"1.0\"")) != null, "strings exact")
        assertEq(mismatch(j("null"), j("null")), null, "null")
        assertEq(mismatch(j("""{"a": {"b": [1, 2]}}"""), j("""{"a": {"b": [1, 3]}}""")), "$.a.b[1]: expected 2, got 3", "path")
    }

    test("numbers keep serde_json's kinds") {
        assertEq(mismatch(j("1"), j("1.0")) != null, true, "1 and 1.0 differ")
        assertEq(mismatch(j("1.5"), j("15e-1")), null, "equal floats")
        assertEq(mismatch(j("-1"), j("-1")), null, "negative integers")
        assertEq(mismatch(j("99999999999999999"), j("99999999999999999")), null, "large integers")
    }

    test("writing: sorted keys, escapes, last duplicate wins") {
        assertEq(j("""{"b": 1, "a": [true, null], "a": "x\"\n\u00e9"}""").toString(), "{\"a\":\"x\\\"\\n\u00e9\",\"b\":1}", "text")
        assertEq(j("\"\\ud800\"").toString(), "\"\\ud800\"", "a lone surrogate stays an escape")
    }

    test("refuses what is not JSON") {
        for (bad in listOf("", "{", "[1,]", "{\"a\" 1}", "NaN", "01", "1.", "\"\\x\"", "[] []", "\"\u0001\"")) {
            assertThrows<JsonError>("`$bad`") { j(bad) }
        }
    }
}
