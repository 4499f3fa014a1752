package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.image.DomainShare;
import org.glimpse.core.image.Image;
import org.glimpse.core.image.Member;
import org.glimpse.core.image.MemberStatus;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.time.ImageClock;
import org.junit.jupiter.api.Test;

/** The expiry sweep: removes what expired, announces each membership it removed, and only those. */
class MemberExpirySweeperTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  /** Expired memberships and shares; those in {@code takenElsewhere} another process removed first. */
  private static final class Expired extends NoSharing {
    final List<Member> members = new ArrayList<>();
    final List<DomainShare> shares = new ArrayList<>();
    final Set<String> takenElsewhere = new HashSet<>();

    @Override
    public List<Member> expiredMembers(Instant now, int limit) {
      return members.stream().filter(m -> m.expiredAt(now)).limit(limit).toList();
    }

    @Override
    public boolean removeExpired(Member member, Instant when) {
      members.remove(member);
      return !takenElsewhere.contains(member.memberId());
    }

    @Override
    public List<DomainShare> expiredDomainShares(Instant now, int limit) {
      return shares.stream().filter(s -> s.expiredAt(now)).limit(limit).toList();
    }

    @Override
    public boolean removeExpired(DomainShare share) {
      return shares.remove(share);
    }
  }

  private static Member member(String project, Instant expiresAt) {
    return new Member("img", project, MemberStatus.ACCEPTED, false, NOW.minusSeconds(99), NOW.minusSeconds(99),
        expiresAt);
  }

  @Test
  void expiredMembershipsAreRemovedAndAnnouncedOnceLiveOnesStay() {
    Expired repo = new Expired();
    repo.members.add(member("gone", NOW.minusSeconds(1)));
    repo.members.add(member("exactly-now", NOW));
    repo.members.add(member("elsewhere", NOW.minusSeconds(5)));
    repo.members.add(member("live", NOW.plusSeconds(1)));
    repo.takenElsewhere.add("elsewhere");
    repo.shares.add(new DomainShare("img", "dom", NOW, NOW, NOW.minusSeconds(1)));
    repo.shares.add(new DomainShare("img", "dom2", NOW, NOW, null));
    List<String> announced = new ArrayList<>();
    Notifier notifier = new Notifier() {
      @Override
      public void image(Event event, RequestContext ctx, Image image) {}

      @Override
      public void member(Event event, RequestContext ctx, Member member) {
        announced.add(event.type() + " " + member.memberId());
      }

      @Override
      public void task(Event event, RequestContext ctx, org.glimpse.core.task.Task task) {}

      @Override
      public void uploadFailed(RequestContext ctx, String imageId, String message) {}

      @Override
      public void imageSent(RequestContext ctx, Image image, long bytesSent, long expected) {}
    };
    MemberExpirySweeper sweeper = new MemberExpirySweeper(repo, notifier, new ImageClock(Clock.fixed(NOW, ZoneOffset.UTC)));

    assertThat(sweeper.runOnce(NOW)).isEqualTo(3);
    assertThat(announced).containsExactly("image.member.delete gone", "image.member.delete exactly-now");
    assertThat(repo.members).extracting(Member::memberId).containsExactly("live");
    assertThat(repo.shares).extracting(DomainShare::domainId).containsExactly("dom2");
    assertThat(sweeper.runOnce(NOW)).isZero();
  }
}
