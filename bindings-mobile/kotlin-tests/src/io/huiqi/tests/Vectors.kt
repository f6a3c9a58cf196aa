// Runs every shared vector (tests/vectors/*.json) through the binding's JSON
// entry, `io.huiqi.call`, with the format and matching rules of tests/src/lib.rs.
package io.huiqi.tests

import io.huiqi.HuiqiException
import io.huiqi.call
import java.io.File

class Case(val file: String, val name: String, val op: String, val request: String, val expect: Json, val errors: Boolean)

/** Every case of every file, in file-name order; a malformed file is an error. */
fun loadVectors(dir: File): List<Case> {
    val files = dir.listFiles { f -> f.isFile && f.name.endsWith(".json") }?.sortedBy { it.name }
        ?: throw JsonError("cannot list ${dir.path}")
    return files.flatMap { file ->
        val doc = Json.parse(file.readText(Charsets.UTF_8)) as? Json.Obj
        val cases = doc?.get("cases") as? Json.Arr ?: throw JsonError("${file.name}: no `cases` array")
        cases.items.mapIndexed { index, raw ->
            val case = raw as? Json.Obj ?: throw JsonError("${file.name}[$index]: not an object")
            val name = case["name"].str() ?: throw JsonError("${file.name}[$index]: no name")
            val where = "${file.name}: $name"
            val op = case["op"].str() ?: throw JsonError("$where: no op")
            val request = when {
                case["request"] != null && case["request_text"] == null -> case["request"].toString()
                case["request"] == null && case["request_text"] is Json.Str -> case["request_text"].str()!!
                else -> throw JsonError("$where: needs exactly one of `request` or `request_text`")
            }
            val expect = case["expect"]
            val expectErrors = case["expect_errors"]
            when {
                expect != null && expectErrors == null -> Case(file.name, name, op, request, expect, errors = false)
                expect == null && expectErrors != null -> Case(file.name, name, op, request, expectErrors, errors = true)
                else -> throw JsonError("$where: needs exactly one of `expect` or `expect_errors`")
            }
        }
    }
}

/** Null when the case passes, otherwise why not. */
fun runCase(case: Case): String? {
    val answerText = call(case.op, case.request)
    val answer = try {
        Json.parse(answerText) as? Json.Obj
    } catch (e: JsonError) {
        null
    } ?: return "answer is not a JSON object: $answerText"
    val ok = answer["ok"]
    val problem = if (case.errors) {
        if (ok != Json.Bool(false)) return "expected errors, got $answerText"
        mismatch(case.expect, answer["errors"] ?: Json.Null)
    } else {
        if (ok != Json.Bool(true)) return "expected success, got $answerText"
        mismatch(case.expect, answer["value"] ?: Json.Null)
    }
    return problem?.let { "$it\n    full answer: $answerText" }
}

/** Runs every vector; prints `shared vectors: N run, M failed`. True when all pass. */
fun runVectors(dir: File): Boolean {
    val cases = loadVectors(dir)
    val failures = cases.mapNotNull { case ->
        val why = try {
            runCase(case)
        } catch (e: Throwable) {
            "threw ${e::class.qualifiedName}: ${e.message}"
        }
        why?.let { "${case.file} :: ${case.name}\n    $it" }
    }
    println("shared vectors: ${cases.size} run, ${failures.size} failed")
    failures.forEach { println("  FAILED $it") }
    if (cases.size <= 100) println("  only ${cases.size} vectors found in ${dir.path}")
    return failures.isEmpty() && cases.size > 100
}

/** The problem as the JSON call API writes it. */
fun problemJson(p: io.huiqi.Problem): Json {
    val fields = linkedMapOf<String, Json>(
        "code" to Json.Str(p.code),
        "field" to (p.field?.let { Json.Str(it) } ?: Json.Null),
        "message_zh" to Json.Str(p.messageZh),
        "message_en" to Json.Str(p.messageEn),
    )
    p.detail?.let { fields["detail"] = Json.parse(it) }
    return Json.Obj(fields)
}

/** `money.parse` → `moneyParse`, as uniffi names the Kotlin functions. */
fun kotlinName(op: String): String = op.split('.', '_').mapIndexed { i, part ->
    if (i == 0) part else part.replaceFirstChar { it.uppercase() }
}.joinToString("")

private val api: Class<*> = Class.forName("io.huiqi.HuiqiKt")

/**
 * Null when the case passes through the typed functions, otherwise why not:
 * the request read into its record (`…RequestFromJson`), the operation run on
 * the record, the answer record written back (`…AnswerToJson`), every value
 * crossing the FFI as a typed record both ways.
 */
fun runTypedCase(case: Case): String? {
    val name = kotlinName(case.op)
    val fromJson = api.methods.singleOrNull { it.name == "${name}RequestFromJson" }
        // An operation that does not exist has no typed function: the typed
        // API cannot even express the call the vector refuses.
        ?: return if (case.errors && case.expect.toString().contains("request.unknown_operation")) null
        else "no typed function for ${case.op}"
    val run = api.methods.single { it.name == name && it.parameterCount == 1 && it.parameterTypes[0] == fromJson.returnType }
    val toJson = api.methods.single { it.name == "${name}AnswerToJson" }
    val answer: Json = try {
        val request = fromJson.invoke(null, case.request)
        val value = run.invoke(null, request)
        Json.parse(toJson.invoke(null, value) as String)
    } catch (e: java.lang.reflect.InvocationTargetException) {
        val error = e.targetException as? HuiqiException ?: return "threw ${e.targetException}"
        if (!case.errors) return "expected success, got ${error.message}"
        return mismatch(case.expect, Json.Arr(error.problems().map(::problemJson)))?.let { "$it\n    thrown: ${error.message}" }
    }
    if (case.errors) return "expected errors, got $answer"
    return mismatch(case.expect, answer)?.let { "$it\n    typed answer: $answer" }
}

/** Every vector through the typed functions. */
fun runTypedVectors(dir: File): Boolean {
    val cases = loadVectors(dir)
    val failures = cases.mapNotNull { case ->
        val why = try {
            runTypedCase(case)
        } catch (e: Throwable) {
            "threw ${e::class.qualifiedName}: ${e.message}"
        }
        why?.let { "${case.file} :: ${case.name}\n    $it" }
    }
    println("shared vectors through the typed API: ${cases.size} run, ${failures.size} failed")
    failures.forEach { println("  FAILED $it") }
    return failures.isEmpty() && cases.size > 100
}
