package org.glimpse.server.v2;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.policy.PolicyAction;
import org.glimpse.core.service.ImageService;
import org.glimpse.server.http.NoAuthContext;
import org.glimpse.server.http.Json;

/**
 * Glance's multi-store calls: {@code GET /v2/info/stores}, {@code GET /v2/info/stores/detail}
 * (stores_info_detail) and {@code DELETE /v2/stores/{store_id}/{image_id}}. Without several stores
 * each answers 404, as Glance does. Removing an image's data from a store takes out its first
 * location in that store, never the image's last one.
 */
public final class StoresResource {
  static final String NOT_SUPPORTED = "Multi backend is not supported at this site.";

  private final MultiStore stores;
  private final ImageService images;
  private final ImagePolicy policy;

  public StoresResource(MultiStore stores, ImageService images, ImagePolicy policy) {
    this.stores = stores;
    this.images = images;
    this.policy = policy;
  }

  public void info(Context ctx) {
    Json.write(ctx, 200, render(false));
  }

  public void detail(Context ctx) {
    requireMultiStore();
    policy.enforceUntargeted(PolicyAction.STORES_INFO_DETAIL, NoAuthContext.of(ctx));
    Json.write(ctx, 200, render(true));
  }

  public void deleteFromStore(Context ctx) {
    if (!stores.on()) {
      throw new NotFoundException("The resource could not be found.");
    }
    String storeId = ctx.pathParam("store_id");
    if (stores.backend(storeId).isEmpty()) {
      throw new ConflictException("The selected store " + storeId + " is not available on this node.");
    }
    RequestContext rc = NoAuthContext.of(ctx);
    Image image;
    try {
      image = images.get(rc, ctx.pathParam("image_id"));
    } catch (NotFoundException e) {
      throw new NotFoundException("Failed to find image " + ctx.pathParam("image_id"), e);
    }
    policy.enforceOn(PolicyAction.GET_IMAGE_LOCATION, rc, image);
    policy.enforceOn(PolicyAction.DELETE_IMAGE_LOCATION, rc, image);
    policy.requireOwner(rc, image);
    images.removeStoreLocation(rc, image.getId(), storeId,
        location -> ImageView.storeOf(stores, location).filter(storeId::equals).isPresent());
    ctx.status(204);
  }

  private void requireMultiStore() {
    if (!stores.on()) {
      throw new NotFoundException(NOT_SUPPORTED);
    }
  }

  private ObjectNode render(boolean detail) {
    requireMultiStore();
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode list = root.putArray("stores");
    for (MultiStore.Backend b : stores.backends()) {
      ObjectNode o = list.addObject();
      o.put("id", b.id());
      b.description().ifPresent(d -> o.put("description", d));
      if (b.isDefault()) {
        o.put("default", "true");
      }
      if (b.readOnly()) {
        o.put("read-only", "true");
      }
      if (detail) {
        o.put("type", b.type());
        o.set("properties", Json.MAPPER.valueToTree(b.properties()));
        o.put("weight", b.weight());
      }
    }
    return root;
  }
}
