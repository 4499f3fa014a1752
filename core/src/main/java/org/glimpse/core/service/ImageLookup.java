package org.glimpse.core.service;

import org.glimpse.core.RequestContext;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.Visibility;
import org.glimpse.core.policy.ImagePolicy;
import org.glimpse.core.port.ImageRepository;
import org.glimpse.core.port.MemberRepository;

/** Loads an image the caller may see, or answers NotFound: existence is never leaked. */
public final class ImageLookup {
  private final ImageRepository images;
  private final MemberRepository members;
  private final ImagePolicy policy;

  public ImageLookup(ImageRepository images, MemberRepository members, ImagePolicy policy) {
    this.images = images;
    this.members = members;
    this.policy = policy;
  }

  public Image visible(RequestContext ctx, String id) {
    Image image = images.find(id).orElseThrow(() -> notFound(id));
    if (!policy.canSee(ctx, image, isMember(ctx, image))) {
      throw notFound(id);
    }
    policy.getImage(ctx, image);
    return image;
  }

  /** True when the caller's project holds a membership (in any status) of the image. */
  public boolean isMember(RequestContext ctx, Image image) {
    if (ctx.owner() == null || image.getVisibility() != Visibility.SHARED) {
      return false;
    }
    return members.find(image.getId(), ctx.owner()).isPresent();
  }

  public static NotFoundException notFound(String id) {
    return new NotFoundException("No image found with ID " + id);
  }
}
