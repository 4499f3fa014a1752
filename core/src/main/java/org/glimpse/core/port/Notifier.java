package org.glimpse.core.port;

import org.glimpse.core.RequestContext;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.Member;
import org.glimpse.core.task.Task;

/**
 * Tells the world what happened to images and memberships, with Glance's event types. Services
 * call it only after the change is committed, never for a change that rolled back; it must not
 * throw (a lost notification never fails the request that made the change) and should not block
 * for long.
 */
public interface Notifier {

  /** Glance's event types (glance/notifier.py). */
  enum Event {
    IMAGE_CREATE("image.create"),
    /** Data is about to be written for the image (it is {@code saving}). */
    IMAGE_PREPARE("image.prepare"),
    IMAGE_UPLOAD("image.upload"),
    IMAGE_ACTIVATE("image.activate"),
    /** Any committed change of the record, status changes included (Glance's repo save). */
    IMAGE_UPDATE("image.update"),
    IMAGE_DELETE("image.delete"),
    /** A download ended. */
    IMAGE_SEND("image.send"),
    MEMBER_CREATE("image.member.create"),
    MEMBER_UPDATE("image.member.update"),
    MEMBER_DELETE("image.member.delete"),
    /** An import task was recorded and holds its image's import lock. */
    TASK_CREATE("task.create"),
    TASK_PROCESSING("task.processing"),
    TASK_SUCCESS("task.success"),
    TASK_FAILURE("task.failure"),
    /** The task's run ended, however it ended (Glance sends it after the run returns). */
    TASK_RUN("task.run");

    private final String type;

    Event(String type) {
      this.type = type;
    }

    public String type() {
      return type;
    }
  }

  /** An event about the image as it is now (INFO priority). */
  void image(Event event, RequestContext ctx, Image image);

  /** An event about a membership as it is now (INFO priority). */
  void member(Event event, RequestContext ctx, Member member);

  /** A {@code task.*} event about {@code task} as it is given (INFO priority, as Glance sends them all). */
  void task(Event event, RequestContext ctx, Task task);

  /** {@code image.upload} at ERROR priority: an upload of data for {@code imageId} failed, {@code message} says why. */
  void uploadFailed(RequestContext ctx, String imageId, String message);

  /**
   * {@code image.send}: a download of {@code image} by {@code ctx} ended after {@code bytesSent}
   * bytes of the {@code expected}; INFO priority when all were sent, ERROR otherwise.
   */
  void imageSent(RequestContext ctx, Image image, long bytesSent, long expected);

  /** Tells nobody: the default until a notification driver is configured. */
  Notifier NONE = new Notifier() {
    @Override
    public void image(Event event, RequestContext ctx, Image image) {}

    @Override
    public void member(Event event, RequestContext ctx, Member member) {}

    @Override
    public void task(Event event, RequestContext ctx, Task task) {}

    @Override
    public void uploadFailed(RequestContext ctx, String imageId, String message) {}

    @Override
    public void imageSent(RequestContext ctx, Image image, long bytesSent, long expected) {}
  };
}
