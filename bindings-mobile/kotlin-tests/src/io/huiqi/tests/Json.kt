// A small, strict JSON reader and writer (RFC 8259) for the tests: enough to
// load the shared vectors, send their requests and compare the answers by the
// matching rules of tests/src/lib.rs. It mirrors serde_json where that
// matters: numbers keep their kind (integer or float; 1 and 1.0 differ),
// a repeated key keeps its last value, and objects are written with their
// keys in code-point order, as serde_json writes its sorted maps.
package io.huiqi.tests

import java.math.BigInteger

sealed class Json {
    object Null : Json() {
        override fun toString() = "null"
    }

    data class Bool(val value: Boolean) : Json() {
        override fun toString() = value.toString()
    }

    /** A number, kept as written; [sameAs] compares it the way serde_json does. */
    class Num(val text: String) : Json() {
        // serde_json holds integers in u64 or i64, and every other number as f64.
        private val integer: BigInteger? =
            if (text.any { it == '.' || it == 'e' || it == 'E' }) null
            else BigInteger(text).takeIf { it >= I64_MIN && it <= U64_MAX }
        private val float: Double? = if (integer == null) text.toDouble() else null

        fun sameAs(other: Num): Boolean =
            if (integer != null) integer == other.integer else other.integer == null && float == other.float

        override fun equals(other: Any?) = other is Num && sameAs(other)
        override fun hashCode() = integer?.hashCode() ?: float.hashCode()
        override fun toString() = text

        private companion object {
            val I64_MIN: BigInteger = BigInteger.valueOf(Long.MIN_VALUE)
            val U64_MAX: BigInteger = BigInteger.ONE.shiftLeft(64) - BigInteger.ONE
        }
    }

    data class Str(val value: String) : Json() {
        override fun toString() = buildString { writeString(value, this) }
    }

    data class Arr(val items: List<Json>) : Json() {
        override fun toString() = items.joinToString(",", "[", "]")
    }

    data class Obj(val fields: Map<String, Json>) : Json() {
        operator fun get(key: String): Json? = fields[key]
        override fun toString() = fields.entries
            .sortedWith { a, b -> compareCodePoints(a.key, b.key) }
            .joinToString(",", "{", "}") { (k, v) -> buildString { writeString(k, this) } + ":" + v }
    }

    companion object {
        /** Parses a whole document; throws [JsonError] on anything but exactly one JSON value. */
        fun parse(text: String): Json = Parser(text).document()
    }
}

class JsonError(message: String) : Exception(message)

/** A string field of an object, or null. */
fun Json?.str(): String? = (this as? Json.Str)?.value

/** Code-point order, which is UTF-8 byte order: how serde_json's sorted maps are written. */
fun compareCodePoints(a: String, b: String): Int {
    var i = 0
    var j = 0
    while (i < a.length && j < b.length) {
        val ca = a.codePointAt(i)
        val cb = b.codePointAt(j)
        if (ca != cb) return ca.compareTo(cb)
        i += Character.charCount(ca)
        j += Character.charCount(cb)
    }
    return (a.length - i).compareTo(b.length - j)
}

private fun writeString(s: String, out: StringBuilder) {
    out.append('"')
    var i = 0
    while (i < s.length) {
        val c = s[i]
        when {
            c == '"' -> out.append("\\\"")
            c == '\\' -> out.append("\\\\")
            c == '\n' -> out.append("\\n")
            c == '\r' -> out.append("\\r")
            c == '\t' -> out.append("\\t")
            c < ' ' -> out.append("\\u%04x".format(c.code))
            // A lone surrogate cannot become UTF-8; keep it as the escape it came from.
            c.isHighSurrogate() && i + 1 < s.length && s[i + 1].isLowSurrogate() -> {
                out.append(c).append(s[i + 1])
                i++
            }
            c.isSurrogate() -> out.append("\\u%04x".format(c.code))
            else -> out.append(c)
        }
        i++
    }
    out.append('"')
}

private class Parser(private val s: String) {
    private var i = 0
    private var depth = 0

    fun document(): Json {
        val value = value()
        skipSpace()
        if (i != s.length) fail("trailing characters")
        return value
    }

    private fun fail(what: String): Nothing = throw JsonError("$what at offset $i")

    private fun skipSpace() {
        while (i < s.length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++
    }

    private fun value(): Json {
        skipSpace()
        if (i >= s.length) fail("unexpected end")
        return when (val c = s[i]) {
            '{' -> nested { obj() }
            '[' -> nested { arr() }
            '"' -> Json.Str(string())
            't' -> literal("true", Json.Bool(true))
            'f' -> literal("false", Json.Bool(false))
            'n' -> literal("null", Json.Null)
            else -> if (c == '-' || c in '0'..'9') number() else fail("unexpected '$c'")
        }
    }

    private fun nested(read: () -> Json): Json {
        if (++depth > 512) fail("nesting too deep")
        return read().also { depth-- }
    }

    private fun literal(word: String, value: Json): Json {
        if (!s.startsWith(word, i)) fail("expected $word")
        i += word.length
        return value
    }

    private fun obj(): Json {
        i++ // {
        val fields = LinkedHashMap<String, Json>()
        skipSpace()
        if (i < s.length && s[i] == '}') {
            i++
            return Json.Obj(fields)
        }
        while (true) {
            skipSpace()
            if (i >= s.length || s[i] != '"') fail("expected a key")
            val key = string()
            skipSpace()
            if (i >= s.length || s[i] != ':') fail("expected ':'")
            i++
            fields[key] = value() // a repeated key keeps its last value, as in serde_json
            skipSpace()
            when (s.getOrNull(i++)) {
                ',' -> continue
                '}' -> return Json.Obj(fields)
                else -> fail("expected ',' or '}'")
            }
        }
    }

    private fun arr(): Json {
        i++ // [
        val items = ArrayList<Json>()
        skipSpace()
        if (i < s.length && s[i] == ']') {
            i++
            return Json.Arr(items)
        }
        while (true) {
            items += value()
            skipSpace()
            when (s.getOrNull(i++)) {
                ',' -> continue
                ']' -> return Json.Arr(items)
                else -> fail("expected ',' or ']'")
            }
        }
    }

    private fun string(): String {
        i++ // opening quote
        val out = StringBuilder()
        while (true) {
            if (i >= s.length) fail("unterminated string")
            val c = s[i++]
            when {
                c == '"' -> return out.toString()
                c == '\\' -> {
                    when (val e = s.getOrNull(i++)) {
                        '"', '\\', '/' -> out.append(e)
                        'b' -> out.append('\b')
                        'f' -> out.append('\u000C')
                        'n' -> out.append('\n')
                        'r' -> out.append('\r')
                        't' -> out.append('\t')
                        'u' -> {
                            val hex = s.substring(i, minOf(i + 4, s.length))
                            if (hex.length != 4 || !hex.all { it.isDigit() || it.lowercaseChar() in 'a'..'f' }) {
                                fail("bad \\u escape")
                            }
                            out.append(hex.toInt(16).toChar())
                            i += 4
                        }
                        else -> fail("bad escape")
                    }
                }
                c < ' ' -> fail("control character in string")
                else -> out.append(c)
            }
        }
    }

    private fun number(): Json {
        val start = i
        if (s[i] == '-') i++
        if (i < s.length && s[i] == '0') {
            i++
        } else {
            digits()
        }
        if (i < s.length && s[i] == '.') {
            i++
            digits()
        }
        if (i < s.length && (s[i] == 'e' || s[i] == 'E')) {
            i++
            if (i < s.length && (s[i] == '+' || s[i] == '-')) i++
            digits()
        }
        return Json.Num(s.substring(start, i))
    }

    private fun digits() {
        val start = i
        while (i < s.length && s[i] in '0'..'9') i++
        if (i == start) fail("expected a digit")
    }
}

/**
 * The matching rules of tests/src/lib.rs: an object matches when every key of
 * the expected object is present and matches (extra keys are allowed); an
 * array when it has the same length and each element matches; anything else
 * must be equal. Returns null on a match, otherwise the first path that differs.
 */
fun mismatch(expected: Json, actual: Json, path: String = "$"): String? = when {
    expected is Json.Obj && actual is Json.Obj -> expected.fields.entries.firstNotNullOfOrNull { (key, e) ->
        val a = actual[key]
        if (a == null) "$path.$key: missing" else mismatch(e, a, "$path.$key")
    }
    expected is Json.Arr && actual is Json.Arr ->
        if (expected.items.size != actual.items.size) {
            "$path: expected ${expected.items.size} items, got ${actual.items.size}: $actual"
        } else {
            expected.items.indices.firstNotNullOfOrNull { mismatch(expected.items[it], actual.items[it], "$path[$it]") }
        }
    expected == actual -> null
    else -> "$path: expected $expected, got $actual"
}
