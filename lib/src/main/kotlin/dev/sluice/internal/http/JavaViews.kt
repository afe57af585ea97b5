@file:JvmName("JavaViews")

package dev.sluice.internal.http

import dev.sluice.DecodeLimits
import dev.sluice.http.SluiceRequest
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.map

/** For the Java facade: NDJSON values as compact JSON text (kotlinx-serialization stays out of Java APIs). */
public fun ndjsonText(request: SluiceRequest, limits: DecodeLimits): Flow<String> =
    request.ndjson(limits).map { it.toString() }
