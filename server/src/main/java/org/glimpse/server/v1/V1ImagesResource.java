package org.glimpse.server.v1;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.glimpse.core.image.Image;
import org.glimpse.core.service.ImageDownload;
import org.glimpse.core.service.V1ImageService;
import org.glimpse.core.service.V1Upload;
import org.glimpse.server.http.Json;
import org.glimpse.server.http.DataSender;
import org.glimpse.server.http.MediaType;
import org.glimpse.server.http.NoAuthContext;
import org.glimpse.server.versions.VersionsResource;

/** /v1/images, /v1/images/detail and /v1/images/{id}: metadata in headers, data in the body. */
final class V1ImagesResource {
  private static final Set<String> BODY_ENCODINGS = Set.of("chunked", "compress", "deflate", "gzip", "identity");

  private final V1ImageService images;
  private final V1ListParser listParser;

  V1ImagesResource(V1ImageService images, V1ListParser listParser) {
    this.images = images;
    this.listParser = listParser;
  }

  void create(Context ctx) {
    Image image = images.create(NoAuthContext.of(ctx), ImageMetaHeaders.parse(ctx), upload(ctx));
    ctx.header("Location", VersionsResource.baseUrl(ctx) + "/v1/images/" + image.getId());
    etag(ctx, image);
    Json.write(ctx, 201, V1ImageView.wrapped(image));
  }

  void head(Context ctx) {
    Image image = images.show(NoAuthContext.of(ctx), ctx.pathParam("image_id"));
    ImageMetaHeaders.write(ctx, image);
    ctx.status(200);
  }

  void download(Context ctx) throws IOException {
    ImageDownload download = images.download(NoAuthContext.of(ctx), ctx.pathParam("image_id"));
    ImageMetaHeaders.write(ctx, download.image());
    ctx.status(200);
    ctx.contentType("application/octet-stream");
    long size = download.hasData() ? download.size() : 0;
    ctx.res().setContentLengthLong(size);
    if (size == 0) {
      return;
    }
    try (InputStream in = download.open(0, -1)) {
      DataSender.send(in, ctx.res());
    }
  }

  void update(Context ctx) {
    Image image = images.update(NoAuthContext.of(ctx), ctx.pathParam("image_id"), ImageMetaHeaders.parse(ctx), upload(ctx));
    etag(ctx, image);
    Json.write(ctx, 200, V1ImageView.wrapped(image));
  }

  void delete(Context ctx) {
    images.delete(NoAuthContext.of(ctx), ctx.pathParam("image_id"));
    ctx.status(200);
  }

  void index(Context ctx) {
    list(ctx, V1ImageView::brief);
  }

  void detail(Context ctx) {
    list(ctx, V1ImageView::detail);
  }

  private void list(Context ctx, Function<Image, ObjectNode> view) {
    V1ListParser.Request request = listParser.parse(ctx.queryParamMap());
    List<Image> page = images.list(NoAuthContext.of(ctx), request.query(), request.marker(), request.scope());
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode array = body.putArray("images");
    page.forEach(i -> array.add(view.apply(i)));
    Json.write(ctx, 200, body);
  }

  /** The request's data, or null when it carries none. */
  private static V1Upload upload(Context ctx) {
    long length = ctx.req().getContentLengthLong();
    String encoding = ctx.header("Transfer-Encoding");
    boolean hasBody = length > 0
        || (encoding != null && BODY_ENCODINGS.contains(encoding.strip().toLowerCase(Locale.ROOT)));
    if (!hasBody) {
      return null;
    }
    String type = ctx.header("Content-Type");
    boolean octetStream = MediaType.of(type, "").equals("application/octet-stream");
    try {
      return new V1Upload(ctx.req().getInputStream(), length, octetStream);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void etag(Context ctx, Image image) {
    if (image.getChecksum() != null) {
      ctx.header("ETag", image.getChecksum());
    }
  }
}
