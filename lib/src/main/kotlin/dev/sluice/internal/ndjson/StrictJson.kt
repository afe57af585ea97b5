package dev.sluice.internal.ndjson

import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * kotlinx-serialization's tree reader accepts unquoted words (`{"a": oops}`) as primitives even
 * in strict mode; NDJSON lines must be JSON, so an unquoted primitive must be `true`, `false`,
 * `null` or a JSON number.
 */
internal object StrictJson {
    fun check(element: JsonElement) {
        when (element) {
            is JsonObject -> element.values.forEach(::check)
            is JsonArray -> element.forEach(::check)
            JsonNull -> Unit
            is JsonPrimitive -> if (!element.isString) {
                val c = element.content
                require(c == "true" || c == "false" || c == "null" || isNumber(c)) { "Unexpected JSON token: '$c' is not a JSON value" }
            }
        }
    }

    /** The JSON number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. */
    fun isNumber(s: String): Boolean {
        var i = 0
        val n = s.length
        if (i < n && s[i] == '-') i++
        if (i == n) return false
        if (s[i] == '0') i++ else if (s[i] in '1'..'9') { while (i < n && s[i] in '0'..'9') i++ } else return false
        if (i < n && s[i] == '.') {
            i++
            val start = i
            while (i < n && s[i] in '0'..'9') i++
            if (i == start) return false
        }
        if (i < n && (s[i] == 'e' || s[i] == 'E')) {
            i++
            if (i < n && (s[i] == '+' || s[i] == '-')) i++
            val start = i
            while (i < n && s[i] in '0'..'9') i++
            if (i == start) return false
        }
        return i == n
    }
}
