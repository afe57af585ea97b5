@file:JvmName("FileDownloads")

package dev.sluice.internal.http

import dev.sluice.http.ProgressListener
import dev.sluice.http.HttpRequest
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.future.future
import kotlinx.coroutines.withContext
import java.io.File
import java.io.FileOutputStream
import java.util.concurrent.CompletableFuture

internal suspend fun writeBodyTo(request: HttpRequest, file: File, progress: ProgressListener?): Long =
    withContext(Dispatchers.IO) {
        request.execute { response ->
            val length = response.contentLength ?: -1L
            var written = 0L
            FileOutputStream(file).use { out ->
                response.readBody { buffer, count ->
                    out.write(buffer, 0, count)
                    written += count
                    progress?.onProgress(written, length)
                }
            }
            written
        }
    }

/**
 * For the Java facade: writes the body of [request] to [file] on the IO dispatcher. Cancelling the
 * future (`cancel(true)` or `cancel(false)`) cancels the transfer and closes the connection.
 */
public fun writeToFileAsync(request: HttpRequest, file: File, progress: ProgressListener?): CompletableFuture<Long> =
    CoroutineScope(Dispatchers.IO).future { writeBodyTo(request, file, progress) }
