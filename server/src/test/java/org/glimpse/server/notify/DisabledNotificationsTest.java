package org.glimpse.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DisabledNotificationsTest {
  @Test
  void anEventTypeAGroupAPrefixOrAPattern() {
    assertThat(new DisabledNotifications(List.of("image.create")).isDisabled("image.create")).isTrue();
    assertThat(new DisabledNotifications(List.of("image.create")).isDisabled("image.created")).isFalse();
    assertThat(new DisabledNotifications(List.of("image")).isDisabled("image.member.create")).isTrue();
    assertThat(new DisabledNotifications(List.of("image.member")).isDisabled("image.member.delete")).isTrue();
    assertThat(new DisabledNotifications(List.of("image.member")).isDisabled("image.update")).isFalse();
    assertThat(new DisabledNotifications(List.of("image.member.*")).isDisabled("image.member.update")).isTrue();
    assertThat(new DisabledNotifications(List.of("task")).isDisabled("image.create")).isFalse();
    assertThat(new DisabledNotifications(List.of()).isDisabled("image.create")).isFalse();
  }
}
