"""Re-encrypt personal data and rebuild the blind indexes under the current keys.

    python manage.py rotate_field_keys                # rotate, 2000 rows a transaction
    python manage.py rotate_field_keys --batch 500
    python manage.py rotate_field_keys --dry-run      # count only, write nothing
    python manage.py rotate_field_keys --verify       # fail while any row needs an old key

Safe to stop and run again: each batch commits on its own and rows already under the
current keys are only read. Rows that no configured key opens are listed by id and left
as they were; the command then exits non-zero. A run that writes leaves one audit row
(counts and key ids, no personal data)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from members.services.keyrotation import DEFAULT_BATCH, Run, Tally, key_summary, rotation_audit, rotation_run


class Command(BaseCommand):
    help = "用当前密钥（JICENG_FIELD_KEY / JICENG_BLIND_INDEX_KEY）重新加密身份证号、手机号并重建身份号码索引。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=DEFAULT_BATCH,
                            help=f"每批处理的行数，每批一个事务（默认 {DEFAULT_BATCH}）")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="只统计需要轮换的行数，不写入任何数据")
        mode.add_argument("--verify", action="store_true",
                          help="校验：仍有行需要旧密钥（或无法解密）时以非零状态退出，不写入任何数据")

    def handle(self, *args: Any, batch: int, dry_run: bool, verify: bool, **options: Any) -> None:
        if batch < 1:
            raise CommandError("--batch 必须是正整数。")
        keys = key_summary()
        self.stdout.write(
            f"当前字段密钥 {keys['field_key_id']}（旧密钥 {keys['old_field_keys']} 个），"
            f"当前索引密钥 {keys['index_key_id']}（旧密钥 {keys['old_index_keys']} 个）。"
        )
        write = not (dry_run or verify)
        run = Run(write=write, batch=batch)
        try:
            rotation_run(write=write, batch=batch, progress=self._progress, run=run)
        except KeyboardInterrupt:
            run.interrupted = True
            if write:
                rotation_audit(run)
            self.stderr.write(f"已中断：已提交的批次保留（重新加密 {run.total('rotated'):,} 行），重新运行会从未完成的行继续。")
            raise
        for problem in run.problems:
            self.stderr.write(f"  未处理 {problem}")
        if verify:
            self._verify(run)
        elif dry_run:
            self._dry_run(run)
        else:
            rotation_audit(run)
            self._report(run)

    def _progress(self, tally: Tally) -> None:
        self.stdout.write(
            f"  {tally.target.title}：已检查 {tally.scanned:,}/{tally.total:,} 行，"
            f"需轮换 {tally.stale:,}，已重新加密 {tally.rotated:,}，无法处理 {len(tally.problems):,}"
        )

    def _summary(self, run: Run) -> str:
        return (f"检查 {run.total('scanned'):,} 行，需轮换 {run.total('stale'):,} 行，重新加密 {run.total('rotated'):,} 行，"
                f"无法处理 {len(run.problems):,} 行，用时 {run.seconds:.1f} 秒")

    def _failed(self, run: Run) -> CommandError:
        ids = "；".join(f"{t.target.label} id " + ", ".join(str(p.pk) for p in t.problems) for t in run.tallies if t.problems)
        return CommandError(
            f"{len(run.problems)} 行无法处理（{ids}），这些行未做任何改动。若是缺少旧密钥，把它加入 "
            "JICENG_FIELD_KEY_OLD 后重新运行；若是索引冲突，先处理重复的党员/申请人记录。"
        )

    def _report(self, run: Run) -> None:
        self.stdout.write(f"完成：{self._summary(run)}。")
        self.stdout.write(f"仍需旧密钥的行：{run.left:,}。")
        if run.problems:
            raise self._failed(run)
        self.stdout.write(self.style.SUCCESS(
            "全部数据已使用当前密钥。运行 rotate_field_keys --verify 确认后，"
            "即可从环境变量中删除 JICENG_FIELD_KEY_OLD 和 JICENG_BLIND_INDEX_KEY_OLD。"
        ))

    def _dry_run(self, run: Run) -> None:
        self.stdout.write(f"试运行（未写入任何数据）：{self._summary(run)}。")
        self.stdout.write(f"需要轮换的行：{run.total('stale'):,}；无法解密的行：{run.total('unreadable'):,}。")
        if run.problems:
            raise self._failed(run)

    def _verify(self, run: Run) -> None:
        if run.left:
            where = "；".join(
                f"{t.target.label} {t.left:,} 行" + (f"（如 id {', '.join(map(str, t.stale_ids))}）" if t.stale_ids else "")
                for t in run.tallies if t.left
            )
            raise CommandError(
                f"校验未通过：仍有 {run.left:,} 行不是用当前密钥加密或索引的（{where}）。"
                "请先运行 python manage.py rotate_field_keys，在此之前不要删除旧密钥。"
            )
        self.stdout.write(self.style.SUCCESS(
            f"校验通过：{run.total('scanned'):,} 行全部使用当前密钥，可以删除 JICENG_FIELD_KEY_OLD 和 JICENG_BLIND_INDEX_KEY_OLD。"
        ))
