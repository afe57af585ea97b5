@file:JvmName("TextFlows")

package dev.sluice.text

import dev.sluice.DecodeLimits
import kotlinx.coroutines.flow.Flow

/** Decodes UTF-8 split in any way into text chunks; a character split across chunks stays intact. */
public fun Flow<ByteArray>.decodeUtf8(): Flow<String> = TODO()

/** Splits a byte stream into lines (CR, LF or CRLF end a line), without their line breaks. */
public fun Flow<ByteArray>.decodeLines(limits: DecodeLimits = DecodeLimits()): Flow<String> = TODO()
