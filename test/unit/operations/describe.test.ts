/** Describe's answer read into output items. */
import { checkDescribeParameters, describeOutputs } from '../../../nodes/IdeogramEdit/operations/describe';

describe('Describe', () => {
	const params = checkDescribeParameters({ describeModelVersion: 'V_2', options: {} });
	if ('problem' in params) throw new Error(params.problem.problem);

	it('one output item per description, with the model version used', () => {
		expect(describeOutputs({ descriptions: [{ text: 'A bag.' }, { text: 'A tan bag.' }] }, params.value, 1)).toEqual([
			{ json: { description: 'A bag.', description_index: 0, describe_model_version: 'V_2', attempts: 1 } },
			{ json: { description: 'A tan bag.', description_index: 1, describe_model_version: 'V_2', attempts: 1 } },
		]);
	});

	it('an answer of another shape is no answer; a runaway one is cut to 10', () => {
		expect(describeOutputs({ data: [] }, params.value, 1)).toBeUndefined();
		expect(describeOutputs({ descriptions: Array(50).fill({ text: 'x' }) }, params.value, 1)).toHaveLength(10);
		expect(describeOutputs({ descriptions: [{ text: 5 }, 'text', { text: 'ok' }] }, params.value, 1)?.map((o) => o.json.description)).toEqual(['ok']);
	});

	it('refuses a model version it does not know', () => {
		expect(checkDescribeParameters({ describeModelVersion: 'CUSTOM', options: {} })).toMatchObject({ problem: { parameter: 'Describe Model Version' } });
	});
});
