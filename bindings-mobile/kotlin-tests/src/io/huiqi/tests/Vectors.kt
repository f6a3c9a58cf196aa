// Runs every shared vector (tests/vectors/*.json) through the binding's JSON
// entry, `io.huiqi.call`, with the format and matching rules of tests/src/lib.rs.
package io.huiqi.tests

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
