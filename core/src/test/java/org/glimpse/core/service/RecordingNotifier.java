package org.glimpse.core.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.glimpse.core.RequestContext;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.Member;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.task.Task;

/** Keeps every notification as "event_type priority subject" lines, in order. */
final class RecordingNotifier implements Notifier {
  final List<String> events = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void image(Event event, RequestContext ctx, Image image) {
    events.add(event.type() + " INFO " + image.getStatus().wire());
  }

  @Override
  public void member(Event event, RequestContext ctx, Member member) {
    events.add(event.type() + " INFO " + member.memberId() + ":" + member.status().wire());
  }

  @Override
  public void task(Event event, RequestContext ctx, Task task) {
    events.add(event.type() + " INFO " + task.status().wire());
  }

  @Override
  public void uploadFailed(RequestContext ctx, String imageId, String message) {
    events.add("image.upload ERROR " + message);
  }

  @Override
  public void imageSent(RequestContext ctx, Image image, long bytesSent, long expected) {
    events.add("image.send " + (bytesSent == expected ? "INFO " : "ERROR ") + bytesSent + "/" + expected
        + " to " + ctx.projectId());
  }
}
