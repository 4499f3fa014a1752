package org.glimpse.core.port;

import org.glimpse.core.RequestContext;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.Member;

/**
 * Tells the world what happened to images and memberships, with Glance's event types. Services
 * call it only after the change is committed; it must not throw (a lost notification never fails
 * the request that made the change) and should not block.
 */
public interface Notifier {

  /** Glance's event types. */
  enum Event {
    IMAGE_CREATE("image.create"),
    IMAGE_UPDATE("image.update"),
    IMAGE_UPLOAD("image.upload"),
    IMAGE_ACTIVATE("image.activate"),
    IMAGE_DEACTIVATE("image.deactivate"),
    IMAGE_REACTIVATE("image.reactivate"),
    IMAGE_DELETE("image.delete"),
    MEMBER_CREATE("image.member.create"),
    MEMBER_UPDATE("image.member.update"),
    MEMBER_DELETE("image.member.delete");

    private final String type;

    Event(String type) {
      this.type = type;
    }

    public String type() {
      return type;
    }
  }

  void image(Event event, RequestContext ctx, Image image);

  void member(Event event, RequestContext ctx, Member member);

  /** Tells nobody: the default until a notification driver is configured. */
  Notifier NONE = new Notifier() {
    @Override
    public void image(Event event, RequestContext ctx, Image image) {}

    @Override
    public void member(Event event, RequestContext ctx, Member member) {}
  };
}
