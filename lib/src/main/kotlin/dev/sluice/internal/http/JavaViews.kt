@file:JvmName("JavaViews")

package dev.sluice.internal.http

import dev.sluice.DecodeLimits
import dev.sluice.http.HttpRequest
import dev.sluice.http.TimeoutLimit
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.map

/** For the Java facade: NDJSON values as compact JSON text (kotlinx-serialization stays out of Java APIs). */
public fun ndjsonText(request: HttpRequest, limits: DecodeLimits): Flow<String> =
    request.ndjson(limits).map { it.toString() }

/** For the Java facade: a copy of [request] with one timeout set; `null` is none, anything else at least 1 ms. */
public fun withTimeout(request: HttpRequest, limit: TimeoutLimit, timeout: java.time.Duration?): HttpRequest {
    val value = javaTimeout(limit.settingName(), timeout)
    return request.copy(settings = RequestSettings(request.settings.retryPolicy, request.settings.timeouts.with(limit, value)))
}
