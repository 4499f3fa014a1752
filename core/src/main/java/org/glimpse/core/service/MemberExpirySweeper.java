package org.glimpse.core.service;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.image.DomainShare;
import org.glimpse.core.image.Member;
import org.glimpse.core.port.Notifier;
import org.glimpse.core.port.Notifier.Event;
import org.glimpse.core.port.SharingRepository;
import org.glimpse.core.time.ImageClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes memberships and domain shares past their expiry and says so ({@code
 * image.member.delete} for each membership). Correctness never waits for it: every read already
 * treats an expired membership as removed; the sweep makes the removal durable and visible to
 * listeners. Each removal is a compare on the expiry it read, so processes sharing a database
 * remove (and announce) each membership once, and a membership whose expiry the owner moved in
 * the meantime stays.
 */
public final class MemberExpirySweeper {
  private static final Logger LOG = LoggerFactory.getLogger(MemberExpirySweeper.class);
  static final int PAGE = 500;
  /** The caller the notifications name: the service itself, acting on no one's request. */
  static final RequestContext SWEEPER =
      new RequestContext(null, null, Set.of(), true, "glimpse-member-expiry");

  private final SharingRepository sharing;
  private final Notifier notifier;
  private final ImageClock clock;

  public MemberExpirySweeper(SharingRepository sharing, Notifier notifier, ImageClock clock) {
    this.sharing = sharing;
    this.notifier = notifier;
    this.clock = clock;
  }

  /** One scheduled run: never throws, so that a failed run does not cancel the next ones. */
  public void run() {
    try {
      int removed = runOnce(clock.now());
      if (removed > 0) {
        LOG.info("member expiry: {} membership(s) and domain share(s) ended", removed);
      }
    } catch (RuntimeException e) {
      LOG.error("member expiry sweep failed; trying again at the next run", e);
    }
  }

  /** Removes everything expired at {@code now}; returns how many memberships and shares it ended. */
  public int runOnce(Instant now) {
    int removed = 0;
    List<Member> expired;
    do {
      expired = sharing.expiredMembers(now, PAGE);
      int before = removed;
      for (Member member : expired) {
        if (sharing.removeExpired(member, now)) {
          notifier.member(Event.MEMBER_DELETE, SWEEPER, member);
          removed++;
        }
      }
      if (removed == before) {
        break; // another process took this page; it removes the rest as well
      }
    } while (expired.size() == PAGE);
    List<DomainShare> shares;
    do {
      shares = sharing.expiredDomainShares(now, PAGE);
      int before = removed;
      for (DomainShare share : shares) {
        if (sharing.removeExpired(share)) {
          removed++;
        }
      }
      if (removed == before) {
        break;
      }
    } while (shares.size() == PAGE);
    return removed;
  }
}
