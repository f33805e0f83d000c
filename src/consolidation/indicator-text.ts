/**
 * How the reports write an indicator line: the basis of its figure and its targets. Apart from the
 * roll-up's service, so that the document renderers (run in a process of their own) load no more
 * than they use.
 */
import { formatTarget } from '../plans/indicator-target';
import type { IndicatorLine } from './rollup';

/**
 * How an indicator line's figure was reached, in the words of the report: "12 đơn vị trả lời Có /
 * 40 đơn vị đã trả lời / 53 đơn vị được hỏi", "cộng dồn 40/53 đơn vị", "số liệu của đơn vị phụ trách".
 */
export function indicatorBasis(i: IndicatorLine): string {
  const of = i.asked === undefined ? `${i.reportedBy}` : `${i.reportedBy}/${i.asked}`;
  switch (i.aggregation) {
    case 'count_yes':
      return i.reportedBy === 0
        ? `chưa đơn vị nào trả lời${i.asked === undefined ? '' : ` (${i.asked} đơn vị được hỏi)`}`
        : `${i.value ?? 0} đơn vị trả lời Có / ${i.reportedBy} đơn vị đã trả lời${i.asked === undefined ? '' : ` / ${i.asked} đơn vị được hỏi`}`;
    case 'single':
      return i.reportedBy === 0 ? 'đơn vị phụ trách chưa báo cáo' : 'số liệu của đơn vị phụ trách';
    case 'average':
      return `trung bình ${of} đơn vị báo cáo`;
    case 'latest':
      return `giá trị mới nhất, ${of} đơn vị báo cáo`;
    default:
      return `cộng dồn ${of} đơn vị báo cáo`;
  }
}

/**
 * An indicator line's target of the year (or the final one) as the reports write it, with the
 * decimal comma; figures taken before ranges existed carry only the value.
 */
export function indicatorTargetText(i: IndicatorLine, which: 'year' | 'final'): string {
  const spec = which === 'year' ? i.yearTarget : i.finalTarget;
  const plain = which === 'year' ? i.targetYear : i.target2030;
  if (spec) return formatTarget(spec);
  return plain === null || plain === undefined ? '' : formatTarget({ comparator: 'exactly', value: plain });
}
