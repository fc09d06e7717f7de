import type { ItemComment } from '../domain/item.js';
import { commentState } from '../custody/covered-state.js';
import type { CommentRepository, CustodyLedger } from '../store/repositories.js';
import type { SqlExecutor } from '../store/sql.js';
import { isoUtc, type Clock } from '../util/clock.js';
import { GoldenHourError } from '../util/errors.js';
import { noSuchItem } from './item-repository.js';

/** The longest comment kept (a comment is a remark, not a document: notes hold those). */
export const MAX_COMMENT_LENGTH = 10_000;

interface CommentRow {
  id: number;
  item_id: number;
  at: string;
  author: string;
  body: string;
}

/**
 * A comment written elsewhere and brought here (a local case pushed to a team case): its time and
 * author stay as written there, while its custody entry names who brought it (`operator`) and
 * carries `details` (where it came from).
 */
export interface ReceivedComment {
  at: string;
  operator: string;
  details: Record<string, unknown>;
}

const toComment = (row: CommentRow): ItemComment => ({ id: Number(row.id), itemId: Number(row.item_id), at: row.at, author: row.author, body: row.body });

/**
 * Comments on items in SQL (both backends). A comment is never edited or removed (the tables
 * refuse it too); each is written in the unit of work that appends its `item commented` entry,
 * which carries the comment's covered state (its text by SHA-256).
 */
export class SqlCommentRepository implements CommentRepository {
  constructor(
    private readonly sql: SqlExecutor,
    private readonly ledger: CustodyLedger,
    private readonly clock: Clock,
  ) {}

  async add(itemId: number, body: string, author: string, received?: ReceivedComment): Promise<ItemComment> {
    const text = body.trim();
    if (text === '') throw new GoldenHourError('invalid-input', 'Expected the text of a comment but received an empty one');
    if (text.length > MAX_COMMENT_LENGTH) {
      throw new GoldenHourError('invalid-input', `Expected a comment of at most ${MAX_COMMENT_LENGTH.toLocaleString('en')} characters but received ${text.length.toLocaleString('en')}`);
    }
    const item = await this.sql.get<{ case_id: number }>('SELECT case_id FROM items WHERE id = ?', [itemId]);
    if (!item) throw noSuchItem(itemId);
    const row = await this.sql.get<CommentRow>(
      'INSERT INTO item_comments (item_id, case_id, at, author, body) VALUES (?, ?, ?, ?, ?) RETURNING id, item_id, at, author, body',
      [itemId, item.case_id, received?.at ?? isoUtc(this.clock.now()), author, text]);
    const comment = toComment(row!);
    // The ledger refuses an entry in a closed case, which rolls the comment back with it.
    await this.ledger.append({
      caseId: Number(item.case_id), operator: received?.operator ?? author, action: 'item commented', itemId,
      details: { ...received?.details, comment: commentState(comment) },
    });
    return comment;
  }

  async list(itemId: number): Promise<ItemComment[]> {
    return (await this.sql.all<CommentRow>('SELECT id, item_id, at, author, body FROM item_comments WHERE item_id = ? ORDER BY id', [itemId])).map(toComment);
  }

  async listForCase(caseId: number): Promise<ItemComment[]> {
    return (await this.sql.all<CommentRow>('SELECT id, item_id, at, author, body FROM item_comments WHERE case_id = ? ORDER BY id', [caseId])).map(toComment);
  }
}
