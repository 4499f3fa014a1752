package org.glimpse.server.v2;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import org.glimpse.core.error.UnsupportedMediaTypeException;
import org.glimpse.core.service.ImageDataService;
import org.glimpse.core.service.ImageDownload;
import org.glimpse.server.http.DataSender;
import org.glimpse.server.http.MediaType;
import org.glimpse.server.http.NoAuthContext;
import org.glimpse.server.http.RequestBody;

/** /v2/images/{id}/file: upload and download of image data, streamed both ways. */
public final class ImageDataResource {
  private final ImageDataService data;
  private final boolean multiStore;

  public ImageDataResource(ImageDataService data) {
    this(data, false);
  }

  /** {@code multiStore}: the client may name the backend with X-Image-Meta-Store, as in Glance. */
  public ImageDataResource(ImageDataService data, boolean multiStore) {
    this.data = data;
    this.multiStore = multiStore;
  }

  /** The media type is checked before the image is even looked up, as in Glance. */
  public void upload(Context ctx) throws IOException {
    String type = ctx.header("Content-Type");
    String mediaType = MediaType.of(type, "text/plain");
    if (!mediaType.equals("application/octet-stream")) {
      throw new UnsupportedMediaTypeException("The request media type " + mediaType + " is not supported by this server.");
    }
    long declared = ctx.req().getContentLengthLong();
    try (InputStream body = RequestBody.of(ctx)) {
      String backend = multiStore ? ctx.header("X-Image-Meta-Store") : null;
      data.upload(NoAuthContext.of(ctx), ctx.pathParam("image_id"), body, declared, backend);
    }
    ctx.status(204);
  }

  public void download(Context ctx) throws IOException {
    ImageDownload download = data.download(NoAuthContext.of(ctx), ctx.pathParam("image_id"));
    if (!download.hasData()) {
      ctx.status(204);
      ctx.res().setContentType(null); // nothing to describe: Glance sends no Content-Type here
      return;
    }
    long size = download.size();
    ByteRange range = ByteRange.parse(ctx.header("Range"), ctx.header("Content-Range"), size);
    long offset = range == null ? 0 : range.offset();
    long length = range == null ? size : range.length();
    try (InputStream in = download.open(offset, length)) {
      ctx.status(range == null ? 200 : 206);
      ctx.contentType("application/octet-stream");
      if (download.image().getChecksum() != null) {
        ctx.header("Content-MD5", download.image().getChecksum());
      }
      if (range != null) {
        ctx.header("Content-Range", "bytes " + range.offset() + "-" + range.last() + "/" + size);
      }
      ctx.res().setContentLengthLong(length);
      DataSender.send(in, ctx.res());
    }
  }
}
