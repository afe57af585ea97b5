@file:JvmName("JavaViews")

package dev.sluice.internal.http

import dev.sluice.DecodeLimits
import dev.sluice.http.HttpRequest
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.map

/** For the Java facade: NDJSON values as compact JSON text (kotlinx-serialization stays out of Java APIs). */
public fun ndjsonText(request: HttpRequest, limits: DecodeLimits): Flow<String> =
    request.ndjson(limits).map { it.toString() }
