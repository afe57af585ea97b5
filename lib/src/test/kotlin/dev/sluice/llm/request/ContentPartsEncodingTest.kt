package dev.sluice.llm.request

import kotlin.test.Test
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith

/** Exact wire bodies of messages with images, documents and audio, per provider, and the refusals. */
class ContentPartsEncodingTest {
    private val png = byteArrayOf(1, 2, 3) // base64 AQID
    private val pdf = "%PDF".toByteArray() // base64 JVBERg==
    private val wav = byteArrayOf(9, 9) // base64 CQk=

    private fun request(vararg parts: ContentPart) = chatRequest {
        model = "m"
        user("What is this?", *parts)
        includeUsage = false
    }

    @Test
    fun openAiChatSendsImageUrlFileAndInputAudio() {
        val body = body(Provider.OPENAI_CHAT, request(ContentPart.image(png, "image/png"), ContentPart.imageUrl("https://x.test/a.jpg"), ContentPart.pdf(pdf), ContentPart.audio(wav, "audio/wav")))
        assertJson(
            """{"model":"m","messages":[{"role":"user","content":[
              {"type":"text","text":"What is this?"},
              {"type":"image_url","image_url":{"url":"data:image/png;base64,AQID"}},
              {"type":"image_url","image_url":{"url":"https://x.test/a.jpg"}},
              {"type":"file","file":{"filename":"document.pdf","file_data":"data:application/pdf;base64,JVBERg=="}},
              {"type":"input_audio","input_audio":{"data":"CQk=","format":"wav"}}]}],"stream":true}""",
            body,
        )
    }

    @Test
    fun responsesSendsInputImageAndInputFileAndNeverTheStringShortcut() {
        val body = body(Provider.OPENAI_RESPONSES, request(ContentPart.image(png, "image/png"), ContentPart.pdf(pdf).withFilename("r.pdf"), ContentPart.documentUrl("https://x.test/r.pdf")))
        assertJson(
            """{"model":"m","input":[{"role":"user","content":[
              {"type":"input_text","text":"What is this?"},
              {"type":"input_image","image_url":"data:image/png;base64,AQID"},
              {"type":"input_file","filename":"r.pdf","file_data":"data:application/pdf;base64,JVBERg=="},
              {"type":"input_file","file_url":"https://x.test/r.pdf"}]}],"stream":true}""",
            body,
        )
    }

    @Test
    fun anthropicSendsImageAndDocumentBlocksWithCacheControl() {
        val body = body(
            Provider.ANTHROPIC,
            request(ContentPart.image(png, "image/png"), ContentPart.imageUrl("https://x.test/a.jpg"), ContentPart.pdf(pdf).withCacheControl(), ContentPart.documentUrl("https://x.test/r.pdf")),
        )
        assertJson(
            """{"model":"m","max_tokens":1024,"messages":[{"role":"user","content":[
              {"type":"text","text":"What is this?"},
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AQID"}},
              {"type":"image","source":{"type":"url","url":"https://x.test/a.jpg"}},
              {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERg=="},"cache_control":{"type":"ephemeral"}},
              {"type":"document","source":{"type":"url","url":"https://x.test/r.pdf"}}]}],"stream":true}""",
            body,
        )
    }

    @Test
    fun anthropicCachesATextPartAndTakesPlainTextDocuments() {
        val body = body(Provider.ANTHROPIC, request(ContentPart.text("long context").withCacheControl(), ContentPart.document("hello".toByteArray(), "text/plain")))
        assertJson(
            """{"model":"m","max_tokens":1024,"messages":[{"role":"user","content":[
              {"type":"text","text":"What is this?"},
              {"type":"text","text":"long context","cache_control":{"type":"ephemeral"}},
              {"type":"document","source":{"type":"text","media_type":"text/plain","data":"hello"}}]}],"stream":true}""",
            body,
        )
    }

    @Test
    fun geminiSendsInlineDataAndFileData() {
        val body = body(Provider.GEMINI, request(ContentPart.image(png, "image/png"), ContentPart.imageUrl("gs://b/a.jpg", "image/jpeg"), ContentPart.audio(wav, "audio/wav")))
        assertJson(
            """{"contents":[{"role":"user","parts":[
              {"text":"What is this?"},
              {"inlineData":{"mimeType":"image/png","data":"AQID"}},
              {"fileData":{"mimeType":"image/jpeg","fileUri":"gs://b/a.jpg"}},
              {"inlineData":{"mimeType":"audio/wav","data":"CQk="}}]}]}""",
            body,
        )
    }

    @Test
    fun ollamaSendsImagesAsBase64List() {
        val body = body(Provider.OLLAMA, request(ContentPart.image(png, "image/png"), ContentPart.image(wav, "image/jpeg")))
        assertJson(
            """{"model":"m","messages":[{"role":"user","content":"What is this?","images":["AQID","CQk="]}],"stream":true}""",
            body,
        )
    }

    @Test
    fun whatAProviderCannotExpressFailsBeforeSending() {
        fun refused(provider: Provider, part: ContentPart, expected: String) {
            val e = assertFailsWith<LlmRequestException>("$provider $part") { body(provider, request(part)) }
            assertContains(e.message!!, expected)
        }
        refused(Provider.OPENAI_CHAT, ContentPart.documentUrl("https://x.test/r.pdf"), "a document by URL")
        refused(Provider.OPENAI_CHAT, ContentPart.audio(wav, "audio/ogg"), "audio given as bytes (audio/ogg)")
        refused(Provider.OPENAI_CHAT, ContentPart.image(png, "image/png").withCacheControl(), "cache control")
        refused(Provider.OPENAI_COMPATIBLE, ContentPart.image(png, "image/png").withCacheControl(), "cache control")
        refused(Provider.OPENAI_RESPONSES, ContentPart.audio(wav, "audio/wav"), "audio")
        refused(Provider.ANTHROPIC, ContentPart.audio(wav, "audio/wav"), "audio")
        refused(Provider.GEMINI, ContentPart.imageUrl("https://x.test/a.jpg"), "media type")
        refused(Provider.GEMINI, ContentPart.text("x").withCacheControl(), "cache control")
        refused(Provider.OLLAMA, ContentPart.imageUrl("https://x.test/a.jpg"), "bytes only")
        refused(Provider.OLLAMA, ContentPart.pdf(pdf), "text and images only")
    }

    @Test
    fun partsBelongToUserMessagesAndAreCopied() {
        assertFailsWith<IllegalArgumentException> { Message.builder(Role.ASSISTANT).part(ContentPart.text("x")).build() }
        val bytes = byteArrayOf(1, 2)
        val part = ContentPart.image(bytes, "image/png")
        bytes[0] = 7
        assertEquals(1, part.data!![0].toInt())
        assertEquals(part, ContentPart.image(byteArrayOf(1, 2), "image/png"))
        assertFailsWith<IllegalArgumentException> { ContentPart.image(bytes, "application/pdf") }
        val message = Message.user(ContentPart.image(byteArrayOf(1), "image/png"))
        assertEquals(null, message.content)
        assertEquals(1, message.parts.size)
    }
}
