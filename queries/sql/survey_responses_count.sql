-- survey_responses_count: how many survey responses are stored; none means there are no confidence figures.
SELECT count(*) AS responses FROM survey_responses;
