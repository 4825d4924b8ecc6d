import type { FeedbackSink } from '../../feedback/log.js';
import type { IdHash } from '../../feedback/user-hash.js';
import type { OriginalsDesk } from '../../originals/types.js';
import type { DamagedFiles } from '../../state/damaged-files.js';
import type { SubscriptionBook } from '../../subscriptions/store.js';
import type { Button, InboundFile } from './adapter.js';

/** A bulletin file an admin sent in a private chat, as the upload desk receives it from a channel. */
export interface IncomingUpload {
  channel: string;
  chatId: string;
  senderId: string;
  file: InboundFile;
  /** Fetches the file; fails once more than `maxBytes` arrive. */
  download(maxBytes: number): Promise<Buffer>;
  /** Replies in the admin's chat, with buttons when a choice is asked for. */
  reply(text: string, buttons?: Button[]): Promise<void>;
}

/** Takes bulletins sent by admins: checks, parses, stores and ingests them (src/uploads). */
export interface UploadDesk {
  receive(upload: IncomingUpload): Promise<void>;
  /** An admin's answer to "replace the issue already indexed?"; returns what to tell them. */
  decide(token: string, replace: boolean, by: { channel: string; chatId: string; senderId: string | null }): Promise<string>;
}

/** What the service gives every channel beyond the answer engine (absent when a channel runs on its own). */
export interface ChannelServices {
  feedback?: FeedbackSink;
  subscriptions?: SubscriptionBook;
  uploads?: UploadDesk;
  /** The cited pages themselves, for 查看原文 and 下载原文 (src/originals). */
  originals?: OriginalsDesk;
  /** Hashes chat and user ids for the service log, as the feedback log hashes users (same key). */
  idHash?: IdHash;
  /** Where a channel reports a damaged state file of its own (shown in /healthz). */
  damaged?: DamagedFiles;
}
