// A minimal test harness: named checks that count passes and collect failures.
package io.huiqi.tests

class Suite(val name: String) {
    var passed = 0
        private set
    val failures = mutableListOf<String>()

    fun test(name: String, body: () -> Unit) {
        try {
            body()
            passed++
        } catch (e: Throwable) {
            failures += "$name: ${e::class.qualifiedName}: ${e.message}"
        }
    }

    fun report(): Boolean {
        println("$name: ${passed + failures.size} run, ${failures.size} failed")
        failures.forEach { println("  FAILED $it") }
        return failures.isEmpty()
    }
}

class CheckFailed(message: String) : AssertionError(message)

fun <T> assertEq(actual: T, expected: T, what: String = "value") {
    if (actual != expected) throw CheckFailed("$what: expected <$expected>, got <$actual>")
}

fun assertTrue(condition: Boolean, what: String) {
    if (!condition) throw CheckFailed(what)
}

/** Runs [block], which must throw a [T]; returns it. */
inline fun <reified T : Throwable> assertThrows(what: String, block: () -> Unit): T {
    try {
        block()
    } catch (e: Throwable) {
        if (e is T) return e
        throw CheckFailed("$what: expected ${T::class.simpleName}, got ${e::class.qualifiedName}: ${e.message}")
    }
    throw CheckFailed("$what: expected ${T::class.simpleName}, but nothing was thrown")
}

/** No backtrace, panic text or Rust source path may reach a public message. */
fun assertClean(text: String) {
    for (leak in listOf("panicked", "backtrace", "huiqi_core::", "huiqi_mobile::", "src/", ".rs:")) {
        assertTrue(!text.contains(leak), "public message leaks `$leak`: $text")
    }
}
