package org.glimpse.core.service;

import java.io.InputStream;

/**
 * Image data sent with a v1 create or update.
 *
 * @param body the bytes, read once
 * @param contentLength the length the client announced, or -1 for a chunked body
 * @param octetStream whether the body was sent as {@code application/octet-stream}, the only type
 *     v1 accepts for data
 */
public record V1Upload(InputStream body, long contentLength, boolean octetStream) {}
