// Entry point of the Kotlin tests: `java ... io.huiqi.tests.MainKt <tests/vectors>`.
// Exits 1 when anything fails.
package io.huiqi.tests

import io.huiqi.tests.readme.readmeQuickstart
import java.io.File
import kotlin.system.exitProcess

fun main(args: Array<String>) {
    val vectors = File(args.getOrElse(0) { "tests/vectors" })
    var ok = runVectors(vectors)
    ok = runTypedVectors(vectors) && ok
    val readme = Suite("README quickstart").apply { test("runs") { readmeQuickstart() } }
    for (suite in listOf(jsonTests(), typedApiTests(), garbageTests(), readme)) {
        ok = suite.report() && ok
    }
    println(if (ok) "kotlin tests: all passed" else "kotlin tests: FAILED")
    exitProcess(if (ok) 0 else 1)
}
